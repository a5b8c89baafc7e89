from django.core.management.base import BaseCommand, CommandError

from catalogue.checks import check_catalogue
from catalogue.models import Trait


class Command(BaseCommand):
    help = (
        "Check every value against its note, its trait's rubric, its source and its host "
        "framework; print each finding and exit non-zero on any."
    )

    def handle(self, *args, **options) -> None:
        findings = check_catalogue()
        for finding in findings:
            self.stdout.write(str(finding))
        for slug in Trait.objects.filter(rubric={}).values_list("slug", flat=True):
            self.stderr.write(f"note: trait {slug} has no rubric yet")
        if findings:
            raise CommandError(f"{len(findings)} finding(s) in the catalogue.")
        self.stdout.write("The catalogue is consistent: no findings.")
