"""Where a cold page's time goes, in one process (no gunicorn, no wrk).

    DATABASE_URL=sqlite:///… .venv/bin/python bench/cold_profile.py [page…] [--profile N]
    DATABASE_URL=sqlite:///… .venv/bin/python bench/cold_profile.py --attack 15 [kind…]

For each page type of `bench.run.page_types("large")` (or those named): make a new
catalogue revision, as `bin/bench`'s cold columns do (`--change value`: an editor's
save of one value of a framework no page shows; `--change anything`: a bump that
may have changed anything), then time the first request, its queries, and with
`--profile N` the N most expensive functions (cProfile, cumulative). The best of
several rounds, since the machine is shared. Build the database with
`bench.synthetic.generate` (as `bin/bench` does).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "profile-only")
os.environ.setdefault("CACHE_WARMING", "off")
os.environ.setdefault("PAGE_STALE_SECONDS", "0")  # time renders, not the page served meanwhile
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "1")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.run import page_types  # noqa: E402
from catalogue.models import CatalogueRevision, TraitValue  # noqa: E402

EDITED = "fw-0400"


def change(what: str) -> None:
    """A new revision: an editor's save of one value (of a framework none of the
    pages shows), or a bump that may have changed anything."""
    if what == "anything":
        CatalogueRevision.bump()
        return
    value = TraitValue.objects.filter(framework__slug=EDITED, number_value__isnull=False).first()
    value.number_value = (value.number_value or 0) + 1
    value.save()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--profile", type=int, default=0, help="top N functions")
    parser.add_argument("--size", default="large")
    parser.add_argument("--fresh", action="store_true", help="bump before every page")
    parser.add_argument(
        "--change",
        choices=["value", "anything"],
        default="value",
        help="what each bump changes: one value of a framework no page shows, or anything",
    )
    parser.add_argument("--rounds", type=int, default=4, help="the best of all but the first")
    parser.add_argument(
        "--attack",
        type=int,
        default=0,
        metavar="N",
        help="instead: N new addresses of each kind of bench/attack.py (the curated "
        "catalogue), median CPU time of this thread as a multiple of /healthz's",
    )
    args = parser.parse_args()
    if args.attack:
        return _attack(args.attack, args.pages, args.profile)
    paths = page_types(args.size)
    names = args.pages or list(paths)
    client = Client()
    client.get("/healthz")
    # The first round compiles templates and fills per-process caches, as a
    # worker's first requests do; each later round starts with a new revision.
    best: dict[str, float] = {}
    for round_ in range(args.rounds):
        change(args.change)
        for name in names:
            if args.fresh:
                change(args.change)
            seconds, queries, size = _time(client, paths[name], args.profile if round_ else 0)
            if round_:
                best[name] = min(best.get(name, seconds), seconds)
                if round_ == args.rounds - 1:
                    ms = best[name] * 1000
                    print(f"{name:<15}{ms:>9.1f} ms{queries:>5} queries{size:>8.0f} kB")
    return 0


def _attack(samples: int, only: list[str], top: int) -> int:
    """The kinds of request of `bin/bench-attack`, each address new, in this process:
    CPU time (of this thread, so a loaded machine's other work counts far less than
    in wall-clock time) and wall time, as medians and as multiples of /healthz's."""
    import random
    import statistics

    from bench.attack import kinds

    client = Client()
    # As bench/attack.py's warm-up: every cache of the process filled once.
    for path in ("/healthz", "/", "/decide/", "/compare/django-vs-flask/"):
        client.get(path)

    def timed(path: str) -> tuple[float, float, int]:
        cpu, wall = time.thread_time(), time.perf_counter()
        status = client.get(path).status_code
        return time.thread_time() - cpu, time.perf_counter() - wall, status

    health = [timed("/healthz") for _ in range(201)]
    hz_cpu = statistics.median(t[0] for t in health)
    hz_wall = statistics.median(t[1] for t in health)
    print(f"/healthz: cpu {hz_cpu * 1000:.3f} ms, wall {hz_wall * 1000:.3f} ms")
    print(f"{'request (each a new address)':44}{'status':>9}{'cpu ms':>8}{'x hz':>7}"
          f"{'wall ms':>9}{'x hz':>7}")  # fmt: skip
    supply = kinds(random.Random(23))
    for name, urls in supply.items():
        if only and not any(word in name for word in only):
            continue
        runs = [timed(next(urls)) for _ in range(samples)]
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        status = ",".join(sorted({str(r[2]) for r in runs}))
        print(f"{name:44}{status:>9}{cpu * 1000:>8.1f}{cpu / hz_cpu:>7.1f}"
              f"{wall * 1000:>9.1f}{wall / hz_wall:>7.1f}")  # fmt: skip
        if top:
            profile = cProfile.Profile()
            profile.enable()
            client.get(next(urls))
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(top)
    return 0


def _time(client: Client, path: str, top: int) -> tuple[float, int, float]:
    """Seconds, queries and kilobytes of one request; with `top`, its profile."""
    profile = cProfile.Profile() if top else None
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        if profile:
            profile.enable()
        response = client.get(path)
        if profile:
            profile.disable()
        seconds = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(top)
    return seconds, len(queries), len(response.content) / 1024


if __name__ == "__main__":
    sys.exit(main())
