from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalogue.registry.refresh import UnknownFrameworks, refresh


class Command(BaseCommand):
    help = (
        "Update the facts the package index knows (latest version and date, release "
        "history, Python support, licence, dependencies, wheel size, type hints, advisories) "
        "for every published framework, or the ones named. Then `manage.py dump_catalogue` "
        "writes them into catalogue/data for review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="Framework slugs (default: all published).")

    def handle(self, *args, slugs: list[str], **options) -> None:
        try:
            run = refresh(slugs or None, trigger="command")
        except UnknownFrameworks as exc:
            raise CommandError(str(exc)) from exc
        failed = 0
        for outcome in run.outcomes.select_related("framework").order_by("package"):
            failed += not outcome.ok
            mark = "ok " if outcome.ok else "FAILED"
            self.stdout.write(f"{mark} {outcome.package}: {outcome.message}")
        self.stdout.write(
            f"Refreshed {run.outcomes.count() - failed} package(s), {failed} failed; "
            f"{run.changed} change(s) written."
        )
        if failed:
            raise CommandError(f"{failed} package(s) could not be refreshed (see above).")
