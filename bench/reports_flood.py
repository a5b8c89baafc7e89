"""Does a flood of reports slow the site? Latency of /healthz and of a framework
page alone, then while wrk floods the report form with POSTs (8 connections):
from one address (all but 5 refused with 429), and from rotating addresses
(X-Forwarded-For behind BEHIND_PROXY=1: each address saves up to the hourly
limit, so most requests are real inserts); and, for comparison, while wrk
floods a framework page with GETs at the same concurrency.

    .venv/bin/python bench/reports_flood.py [--duration 10] [--workers 2]

Runs gunicorn over a SQLite database of its own (the curated catalogue)."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import AppServer, manage, server_env  # noqa: E402

TOKEN = "a" * 32  # an unmasked CSRF secret, the same in the cookie and the form


def wrk(base: str, path: str, duration: int, connections: int, script: list[str] | None = None):  # type: ignore[no-untyped-def]
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", script[0], base + path, "--", *script[1:]]
    else:
        command.append(base + path)
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def summary(output: str) -> str:
    def grab(pattern: str, missing: str = "?") -> str:
        found = re.search(pattern, output)
        return found.group(1) if found else missing

    return (
        f"{grab(r'Requests/sec:\s+([\d.]+)')} req/s, p50 {grab(r'50%\s+(\S+)')}, "
        f"p99 {grab(r'99%\s+(\S+)')}, non-2xx {grab(r'Non-2xx or 3xx responses: (\d+)', '0')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="framewise-flood-"))
    env = server_env(f"sqlite:///{workdir / 'flood.sqlite3'}", BEHIND_PROXY="1")
    manage(env, "migrate", "--no-input")
    manage(env, "load_catalogue")
    started = manage(
        env,
        "shell",
        "-c",
        "import time; from reports.forms import started_token; "
        "print(started_token(time.time() - 60))",
    ).splitlines()[-1]  # the shell may print a line of its own first
    server = AppServer(env, workers=args.workers)
    script = str(ROOT / "bench" / "reports_flood.lua")
    form = "/report/flask/orm/"
    pages = ["/healthz", "/frameworks/flask/"]
    try:
        for page in pages:  # warm the page cache
            wrk(server.base, page, 2, 2)
        print(f"{args.workers} gunicorn workers, {args.duration} s per run, 4 connections per page")
        for page in pages:
            print(f"  alone       {page:22} {summary(wrk(server.base, page, args.duration, 4))}")
        # The same concurrency of plain page views, for comparison: what any flood
        # of requests does to two sync workers.
        floods = {
            "page views": ("/frameworks/django/", None),
            "one address": ("", [script, form, TOKEN, started]),
            "rotating": ("", [script, form, TOKEN, started, "rotate"]),
        }
        for name, (target, flood) in floods.items():
            for page in pages:
                result: dict[str, str] = {}

                def run_flood(target=target, flood=flood, result=result) -> None:  # type: ignore[no-untyped-def]
                    result["flood"] = wrk(server.base, target, args.duration, 8, flood)

                thread = threading.Thread(target=run_flood)
                thread.start()
                measured = wrk(server.base, page, args.duration, 4)
                thread.join()
                print(f"  {name:11} {page:22} {summary(measured)}")
                print(f"  {'':11} {'(the flood)':22} {summary(result['flood'])}")
        saved = manage(
            env,
            "shell",
            "-c",
            "from reports.models import Report; print(Report.objects.count())",
        ).splitlines()[-1]
        print(f"reports saved in the queue: {saved}")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
