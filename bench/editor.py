"""An editor for the benchmark: saves one trait value through the ORM every
`--interval` seconds, `--count` times, against the database in DATABASE_URL.
The save goes through the same signals as an admin save (revision bump, then
warming the popular pages as CACHE_WARMING says). Prints one JSON line per save:
how long the save took and how long until the popular pages were warmed.

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

    from catalogue.models import CatalogueRevision, TraitValue
    from web.cache import warming

    warmed: list[float] = []
    original_warm = warming.warm

    def timed_warm(revision: int) -> list[str]:
        started = time.perf_counter()
        paths = original_warm(revision)
        warmed.append(time.perf_counter() - started)
        return paths

    warming.warm = timed_warm
    values = TraitValue.objects.filter(framework__slug=args.framework).order_by("pk")
    value = values.filter(number_value__isnull=False).first()
    note = value is None  # no number to change: change a note instead
    value = value or values.first()
    wait = settings.CACHE_WARMING != "off"
    next_at = time.monotonic()
    for n in range(args.count):
        time.sleep(max(0.0, next_at - time.monotonic()))
        next_at += args.interval
        before = len(warmed)
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
        while len(warmed) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        print(
            json.dumps(
                {
                    "revision": CatalogueRevision.current(),
                    "save_seconds": saved,
                    "warm_seconds": warmed[-1] if len(warmed) > before else None,
                }
            ),
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
