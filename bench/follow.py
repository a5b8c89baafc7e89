"""What following costs: /healthz against the feeds and the API once built (median
of 200 requests each), and a decision's feed built cold over 30 revisions of
history, then after one more edit, on a real app server (one gunicorn worker,
SQLite, local-memory cache).

    .venv/bin/python -m bench.follow [database file]
"""

from __future__ import annotations

import statistics
import sys
import time
import urllib.request

from tests.live import AppServer, manage, server_env

PATHS = [
    "/healthz",
    "/changes/feed/",
    "/frameworks/flask/feed/",
    "/compare/django-vs-flask/feed/",
    "/decide/feed/?scenario=chat-service",
    "/api/v1/frameworks/",
    "/api/v1/frameworks/django/",
]
EDIT = (
    "from catalogue.models import TraitValue\n"
    "v = TraitValue.objects.get(framework__slug='tornado', trait__slug='concurrent-connections')\n"
    "for i in range({n}):\n    v.scale_value = 4 if v.scale_value == 5 else 5; v.save()\n"
)


def main(database: str) -> None:
    env = server_env(f"sqlite:///{database}", CACHE_WARMING="off", PAGE_STALE_SECONDS="0")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "load_catalogue", "--if-empty")
    manage(env, "shell", "--no-imports", "-c", EDIT.format(n=30))
    server = AppServer(env)

    def once(path: str) -> float:
        start = time.perf_counter()
        urllib.request.urlopen(server.base + path).read()
        return (time.perf_counter() - start) * 1000

    try:
        cold = "/decide/feed/?scenario=chat-service&w=team:7"
        print(f"decision feed, cold over 30 revisions: {once(cold):.0f} ms")
        manage(env, "shell", "--no-imports", "-c", EDIT.format(n=1))
        print(f"the same after one more edit (one new outcome): {once(cold):.0f} ms")
        for path in PATHS:
            once(path)
            median = statistics.median(once(path) for _ in range(200))
            print(f"{path:45s} median {median:.2f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/framewise-follow-bench.sqlite3")
