"""An editor for the benchmark: saves one trait value through the ORM every
`--interval` seconds, `--count` times, against the database in DATABASE_URL.
The save goes through the same signals as an admin save (revision bump, then
warming the popular pages as CACHE_WARMING says: with "task", on the task worker that
config/gunicorn.py starts). Prints one JSON line per save: how long the save took
and how long from the save until the popular pages were warmed (the task finished).

    python bench/editor.py --interval 10 --count 6
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--framework", default="fw-0002")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.tasks import TaskResultStatus
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from catalogue.models import CatalogueRevision, TraitValue
    from web.cache import warming

    def warmed_since(saved_at):  # type: ignore[no-untyped-def]
        """Seconds from the save until its warming task finished, or None (not yet)."""
        done = (
            DBTaskResult.objects.filter(
                task_path=warming.warm_pages.module_path,
                enqueued_at__gte=saved_at,
                status=TaskResultStatus.SUCCESSFUL,
            )
            .order_by("finished_at")
            .first()
        )
        return None if done is None else (done.finished_at - saved_at).total_seconds()
    values = TraitValue.objects.filter(framework__slug=args.framework).order_by("pk")
    value = values.filter(number_value__isnull=False).first()
    note = value is None  # no number to change: change a note instead
    value = value or values.first()
    wait = settings.CACHE_WARMING != "off"
    next_at = time.monotonic()
    for n in range(args.count):
        time.sleep(max(0.0, next_at - time.monotonic()))
        next_at += args.interval
        saved_at = timezone.now()
        started = time.perf_counter()
        if note:
            value.note = f"Edited by the benchmark ({time.time():.0f})."
        else:
            value.number_value = float(1000 + n)
        value.save()
        saved = time.perf_counter() - started
        # Wait for this save's warming until the next save is due (the last save:
        # until it is done), so the process does not exit in the middle of it.
        deadline = next_at if n < args.count - 1 else time.monotonic() + 300
        deadline = deadline if wait else 0
        warm_seconds = None
        while warm_seconds is None and time.monotonic() < deadline:
            warm_seconds = warmed_since(saved_at)
            if warm_seconds is None:
                time.sleep(0.05)
        print(
            json.dumps(
                {
                    "revision": CatalogueRevision.current(),
                    "save_seconds": saved,
                    "warm_seconds": warm_seconds,
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
