from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from catalogue.content import DATA_DIR
from catalogue.content.dump import dump_catalogue


class Command(BaseCommand):
    help = "Write the catalogue to YAML files that load_catalogue reads (review, commit, backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=DATA_DIR,
            help="Folder to write (default: shipped data).",
        )

    def handle(self, *args, path: Path, **options) -> None:
        written = dump_catalogue(path)
        self.stdout.write(f"Wrote {len(written)} files to {path}.")
