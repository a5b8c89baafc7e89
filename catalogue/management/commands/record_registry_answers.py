from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from catalogue.registry import index
from catalogue.registry.recordings import RECORDINGS, RecordingTransport


class Command(BaseCommand):
    help = (
        "Ask the live package index what a refresh asks about each package and save the "
        "answers under tests/recordings/<package>/ for the tests to replay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("packages", nargs="+", help="Package names, e.g. flask bottle django")

    def handle(self, *args, packages: list[str], **options) -> None:
        today = timezone.localdate()
        for package in packages:
            recorder = RecordingTransport()
            index.transport = recorder
            try:
                with index.make_client() as client:
                    index.fetch(package, client, today)
            finally:
                index.transport = None
            recorder.save(RECORDINGS / package, today)
            self.stdout.write(f"{package}: {len(recorder.answers)} answer(s) recorded.")
