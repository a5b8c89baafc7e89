"""Which of our modules a request passes through, in order, and where it crosses
from one package to another (issue 24: following a request should mean opening
one folder, and every call should go down).

    .venv/bin/python bench/request_path.py ["/decide/?scenario=chat-service" ...]

A fresh SQLite database with the curated catalogue, the cache cleared, one
untraced request first (so imports and the scoring matrix's first build are not
counted), then the traced request through django.test.Client. Every Python call
from one of our modules into another (or from Django into ours) is a visit;
consecutive calls within one module count once.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("web", "catalogue", "compare", "api", "reports")
# Lower number = lower layer; a call from a lower layer into a higher one goes up.
PAGE_PACKAGES = (
    "catalogue.browse",
    "catalogue.frameworks",
    "compare.side_by_side",
    "compare.decide",
    "api",
    "reports",
)
ENGINES = ("compare.grid",)


def area(module: str) -> str:
    """The package a module belongs to: web, catalogue's core, or a page/engine package."""
    for name in (*PAGE_PACKAGES, *ENGINES):
        if module == name or module.startswith(name + "."):
            return name
    return module.split(".", 1)[0]


def layer(area_name: str) -> int:
    if area_name == "web":
        return 0
    if area_name in ENGINES:
        return 2
    if area_name in PAGE_PACKAGES:
        return 3
    if area_name == "catalogue":
        return 1
    return 3  # the flat compare package of the old layout: pages and engines in one


def trace(client, url: str) -> list[tuple[str | None, str]]:
    calls: list[tuple[str | None, str]] = []

    def ours(frame) -> str | None:
        name = frame.f_globals.get("__name__", "")
        return name if name.split(".", 1)[0] in PROJECT else None

    def profiler(frame, event, arg):
        if event != "call":
            return
        callee = ours(frame)
        if callee is None:
            return
        back = frame.f_back
        caller = None
        while back is not None:
            caller = ours(back)
            if caller is not None:
                break
            back = back.f_back
        calls.append((caller, callee))

    sys.setprofile(profiler)
    try:
        client.get(url)
    finally:
        sys.setprofile(None)
    return calls


def report(url: str, calls: list[tuple[str | None, str]]) -> None:
    visits: list[str] = []
    for _caller, callee in calls:
        if not visits or visits[-1] != callee:
            visits.append(callee)
    crossings = Counter(
        (area(caller), area(callee))
        for caller, callee in calls
        if caller is not None and area(caller) != area(callee)
    )
    # A crossing is counted where the request moves, not per call inside a loop.
    moves = Counter()
    for before, after in itertools.pairwise(visits):
        if area(before) != area(after):
            moves[(area(before), area(after))] += 1
    up = {pair: n for pair, n in crossings.items() if layer(pair[0]) < layer(pair[1])}
    print(f"== {url}")
    print(
        f"modules: {len(set(visits))} in {len({area(m) for m in visits})} packages: "
        f"{', '.join(sorted({area(m) for m in visits}))}"
    )
    print(f"module visits: {len(visits)}; moves between packages: {sum(moves.values())}")
    print("modules, in order of first visit: " + " > ".join(dict.fromkeys(visits)))
    print("moves between packages (from > to: times):")
    for (a, b), n in sorted(moves.items()):
        print(f"  {a} > {b}: {n}")
    print(f"calls going up a layer: {sum(up.values())} {dict(up) if up else ''}")
    print()


def main(urls: list[str]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="request-path-"))
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "DEBUG": "0",
            "SECRET_KEY": "request-path-not-secret",
            "STATIC_MANIFEST": "0",
            "WHITENOISE_USE_FINDERS": "1",
            "CACHE_URL": "locmem://",
            "TASKS_BACKEND": "immediate",
            "CACHE_WARMING": "off",
            "PAGE_STALE_SECONDS": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    client = Client()
    for url in urls:
        cache.clear()
        client.get(url)  # imports, the matrix's first build
        cache.clear()
        report(url, trace(client, url))


if __name__ == "__main__":
    main(sys.argv[1:] or ["/decide/?scenario=chat-service", "/compare/django-vs-flask/"])
