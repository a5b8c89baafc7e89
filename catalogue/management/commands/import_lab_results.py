from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.content.measured import RESULTS, ResultsError, import_results


class Command(BaseCommand):
    help = (
        "Import the lab's measurements (lab/results/measured.json) as measured trait values. "
        "Then `manage.py dump_catalogue` writes them into catalogue/data for review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", type=Path, default=RESULTS, help="The results file.")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            changed = import_results(path)
        except ResultsError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Imported the lab's measurements: {changed} values changed.")
