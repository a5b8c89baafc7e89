from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.content import DATA_DIR, ContentError, dataset, load_catalogue
from catalogue.models import Framework


class Command(BaseCommand):
    help = "Load the curated catalogue (catalogue/data/*.yaml) into the database. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=DATA_DIR,
            help="Folder of the data files, or a data download (its .zip or .json).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty catalogue, so editors' work is never overwritten.",
        )

    def handle(self, *args, path: Path, if_empty: bool, **options) -> None:
        if if_empty and Framework.objects.exists():
            self.stdout.write("The catalogue already has content; not loading (--if-empty).")
            return
        try:
            if path.suffix in (".zip", ".json"):
                with dataset.unpack(path) as folder:
                    report = load_catalogue(folder)
            else:
                report = load_catalogue(path)
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(report))
