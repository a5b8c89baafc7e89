from django.core.management.base import BaseCommand

from catalogue.tasks import schedule_daily_refresh


class Command(BaseCommand):
    help = "Queue the daily package-index refresh for `manage.py db_worker`, unless one is queued."

    def handle(self, *args, **options) -> None:
        when = schedule_daily_refresh()
        if when is None:
            self.stdout.write("The task backend runs tasks immediately: nothing to schedule.")
        else:
            self.stdout.write(f"The next package-index refresh runs at {when:%Y-%m-%d %H:%M} UTC.")
