"""The Framewise benchmark.

    bin/bench [--frameworks 500 --traits 100 --scenarios 20 --duration 5]

Builds two databases of its own (the curated 13-framework catalogue, and a
synthetic one of the given size), serves each under gunicorn as production does
(config/gunicorn.py) with 2 workers on 127.0.0.1, drives every page type with wrk
at 1, 16 and 64 connections, and reports requests per second, p50 and p99 latency
and errors (beside a Python client's p50 and p99 and the worker restarts, as a
cross-check), each also as a
ratio to /healthz measured by the same server in the same run (absolute times
on a shared machine are noise). It also times cold renders: the first request
after an editor saved one value of a framework the pages do not show (the
typical edit), and after a bump that may have changed anything (as a trait
edit does), nothing warmed; and the scoring module alone. Results go to
bench/results/latest.json and a table.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import AppServer, manage, server_env  # noqa: E402  (after the path is set)


def page_types(size: str) -> dict[str, str]:
    """Page type -> path, for the curated ("small") or synthetic ("large") catalogue."""
    if size == "small":
        a, b, six, scenario, trait = (
            "django",
            "flask",
            ["bottle", "dash", "django", "fastapi", "flask", "tornado"],
            "chat-service",
            "orm",
        )
    else:
        a, b, six, scenario, trait = (
            "fw-0001",
            "fw-0002",
            [f"fw-{i:04d}" for i in range(1, 7)],
            "scenario-01",
            "trait-000",
        )
    two = f"{a}-vs-{b}"
    return {
        "healthz": "/healthz",
        "home": "/",
        "list": "/frameworks/",
        "filtered list": f"/frameworks/?kind=micro&has={trait}&sort=has-built-in",
        "detail": f"/frameworks/{a}/",
        "compare 2": f"/compare/{two}/",
        "compare 6": f"/compare/{'-vs-'.join(six)}/",
        "decide": f"/decide/?scenario={scenario}",
        "scenarios": "/scenarios/",
        "scenario": f"/scenarios/{scenario}/",
        "compare csv": f"/compare/{two}.csv",
        "compare json": f"/compare/{two}.json",
        "compare md": f"/compare/{two}.md",
        "decide md": f"/decide.md?scenario={scenario}",
        "decide json": f"/decide.json?scenario={scenario}",
    }


def build_database(workdir: Path, size: str, args: argparse.Namespace) -> dict[str, str]:
    # Cold renders are measured as such: nothing re-renders pages after a bump,
    # except in the edits run, which turns warming on,
    # and renders, not the previous revision's page served meanwhile (PAGE_STALE_SECONDS).
    env = server_env(
        f"sqlite:///{workdir / f'{size}.sqlite3'}", CACHE_WARMING="off", PAGE_STALE_SECONDS="0"
    )
    manage(env, "migrate", "--no-input")
    if size == "small":
        manage(env, "load_catalogue")
    else:
        code = (
            "import django; django.setup(); from bench.synthetic import generate; "
            f"generate({args.frameworks}, {args.traits}, {args.scenarios})"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    return env


def get(url: str) -> tuple[int, float]:
    status, seconds, _ = get_marked(url)
    return status, seconds


def get_marked(url: str) -> tuple[int, float, str]:
    """Status, seconds and X-Cache (hit, miss, stale) of one request."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return response.status, time.perf_counter() - started, response.headers["X-Cache"] or ""


def bump_revision(env: dict[str, str]) -> None:
    """A new catalogue revision that may have changed anything (as an edit to a
    trait does): every cache key changes, so the next render is cold."""
    code = (
        "import django; django.setup(); from catalogue.models import CatalogueRevision; "
        "CatalogueRevision.bump()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


# A framework none of the measured pages shows the values of, for each size.
ELSEWHERE = {"small": "pyramid", "large": "fw-0400"}


def edit_elsewhere(env: dict[str, str], size: str) -> None:
    """An editor's save of one value of a framework the measured pages do not
    show (bench/editor.py, through the ORM, so with the same signals as an
    admin save): the typical edit."""
    editor(env, 0, 1, ELSEWHERE[size]).communicate(timeout=300)


def cold_times(
    server: AppServer,
    env: dict[str, str],
    paths: dict[str, str],
    samples: int,
    change: Callable[[], None],
) -> dict:
    """Median latency of the first request after `change` made a new revision,
    from workers that have served every page before (as a running site's have)."""
    warm_up(server, paths)
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(samples):
        change()
        for name, path in paths.items():
            status, seconds = get(server.base + path)
            assert status == 200, (name, status)
            times[name].append(seconds)
    result = {name: statistics.median(values) for name, values in times.items()}
    # /healthz has nothing to cache: its typical latency is the yardstick.
    result["healthz"] = statistics.median(get(server.base + "/healthz")[1] for _ in range(21))
    return result


def warm_up(server: AppServer, paths: dict[str, str], rounds: int = 4) -> None:
    """Every page a few times, so each worker has most likely served each one."""
    for _ in range(rounds):
        for path in paths.values():
            get(server.base + path)


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _seconds(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not match:
        raise ValueError(f"cannot read wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def worker_pids(server: AppServer) -> set[int]:
    """The gunicorn workers now (the arbiter's children, from /proc; Linux)."""
    pid = server.process.pid
    try:
        return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


class Probe:
    """A second instrument beside wrk: one client timing its own requests (to the
    same URLs, in turn) from Python while wrk runs. wrk's histogram once went
    wrong when a worker was recycled (more latencies than requests, a 1.15 s p99
    where `ab` measured 1.9 ms): where the two disagree, neither is trusted."""

    def __init__(self, urls: list[str]):
        self.urls, self.times = urls, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        for url in itertools.cycle(self.urls):
            if self.stop.is_set():
                return
            with suppress(OSError):  # an error status: wrk counts those
                self.times.append(get(url)[1])

    def __enter__(self) -> Probe:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def percentiles(self) -> dict:
        if not self.times:
            return {"probe_count": 0, "probe_p50": None, "probe_p99": None, "probe_max": None}
        ordered = sorted(self.times)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return {
            "probe_count": len(ordered),
            "probe_p50": statistics.median(ordered),
            "probe_p99": p99,
            "probe_max": ordered[-1],
        }


def wrk(
    url: str,
    connections: int,
    duration: int,
    paths: list[str] | None = None,
    server: AppServer | None = None,
) -> dict:
    """wrk against one URL, or against `paths` in turn (bench/paths.lua). With
    `server`: the Python probe's percentiles beside wrk's, and how many workers
    were (re)started during the run."""
    if server is not None:
        before = worker_pids(server)
        base = url.removesuffix("/healthz") if paths else ""
        with Probe([base + p for p in paths] if paths else [url]) as probe:
            result = wrk(url, connections, duration, paths)
        return result | probe.percentiles() | {"restarts": len(worker_pids(server) - before)}
    threads = min(2, connections)
    script = ["-s", str(ROOT / "bench" / "paths.lua")] if paths else []
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "30s",
            *script,
            url,
            *(["--", *paths] if paths else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _seconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _seconds(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    # The slowest request (Thread Stats: Latency avg, stdev, max).
    slowest = _seconds(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.M).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(g) for g in match.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "max": slowest, "errors": errors}


def load_test(server: AppServer, paths: dict[str, str], levels: list[int], duration: int) -> dict:
    results: dict[str, dict] = {}
    for name, path in paths.items():
        get(server.base + path)  # warm: the load measures cached pages
        results[name] = {
            str(c): wrk(server.base + path, c, duration, server=server) for c in levels
        }
        for c in levels:
            health = results.get("healthz", {}).get(str(c))
            row = results[name][str(c)]
            if health and name != "healthz":
                row["rps_ratio"] = row["rps"] / health["rps"] if health["rps"] else None
                row["p50_ratio"] = row["p50"] / health["p50"] if health["p50"] else None
    return results


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def popular_paths(env: dict[str, str]) -> list[str]:
    """The pages warming re-renders after an edit, and one framework page."""
    code = (
        "import django, json; django.setup(); from catalogue.warming import popular_paths; "
        "print(json.dumps(popular_paths()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return [*json.loads(out.strip().splitlines()[-1]), "/frameworks/fw-0001/"]


def editor(
    env: dict[str, str], interval: float, count: int, framework: str = "fw-0002"
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "bench/editor.py",
            "--interval",
            str(interval),
            "--count",
            str(count),
            "--framework",
            framework,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def edits_run(env: dict[str, str], paths: dict[str, str], args: argparse.Namespace) -> dict:
    """With a shared cache (Redis) and warming on, as several app servers run:
    (1) each page type's first request after an editor's save, once the save's
    warming is done; (2) wrk on the popular pages for `--edit-seconds`, without
    and then with an editor saving a value every `--edit-interval` seconds."""
    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    env = env | {
        "CACHE_URL": f"redis://127.0.0.1:{port}/0",
        "CACHE_WARMING": "thread",
        "PAGE_STALE_SECONDS": str(args.stale_seconds),
    }
    server = None
    c, seconds = args.edit_connections, args.edit_seconds
    count = max(1, int(seconds // args.edit_interval))
    try:
        time.sleep(0.5)
        server = AppServer(env, args.workers, production=True)
        popular = popular_paths(env)
        warm_up(server, paths)
        times: dict[str, list[float]] = {name: [] for name in paths}
        served: dict[str, list[str]] = {name: [] for name in paths}
        warms = []
        for _ in range(args.cold_samples):
            out, _ = editor(env, 0, 1).communicate(timeout=300)
            warms.append(json.loads(out.strip().splitlines()[-1]))
            for name, path in paths.items():
                status, took, cache = get_marked(server.base + path)
                assert status == 200, (name, status)
                times[name].append(took)
                served[name].append(cache)
        after = {name: statistics.median(values) for name, values in times.items()}
        after["healthz"] = statistics.median(get(server.base + "/healthz")[1] for _ in range(21))
        for path in popular:
            get(server.base + path)  # warm: the quiet run measures cached pages
        quiet = wrk(server.base + "/healthz", c, seconds, popular, server)
        process = editor(env, args.edit_interval, count)
        busy = wrk(server.base + "/healthz", c, seconds, popular, server)
        out, _ = process.communicate(timeout=300)
        saves = [json.loads(line) for line in out.strip().splitlines()]
        server.stop()
        server = None
        # The same edits with stale pages off: every visitor after a save waits
        # for the page to be rendered (by the warming, by another visitor, or
        # by themselves).
        busy_fresh = None
        if args.stale_seconds:
            server = AppServer(env | {"PAGE_STALE_SECONDS": "0"}, args.workers, production=True)
            for path in popular:
                get(server.base + path)
            process = editor(env, args.edit_interval, count)
            busy_fresh = wrk(server.base + "/healthz", c, seconds, popular, server)
            process.communicate(timeout=300)
    finally:
        if server:
            server.stop()
        redis.terminate()
        redis.wait(timeout=20)
    return {
        "popular": popular,
        "after_edit_seconds": after,
        "after_edit_ratio": {k: v / after["healthz"] for k, v in after.items()},
        "after_edit_warms": warms,
        "after_edit_served": served,
        "stale_seconds": args.stale_seconds,
        "with_edits_no_stale": busy_fresh,
        "p99_ratio_no_stale": (
            busy_fresh["p99"] / quiet["p99"] if busy_fresh and quiet["p99"] else None
        ),
        "connections": c,
        "seconds": seconds,
        "without_edits": quiet,
        "with_edits": busy,
        "saves": saves,
        "p99_ratio": busy["p99"] / quiet["p99"] if quiet["p99"] else None,
        "p50_ratio": busy["p50"] / quiet["p50"] if quiet["p50"] else None,
    }


def time_scoring(env: dict[str, str]) -> dict:
    code = (
        "import django, json, time, statistics; django.setup()\n"
        "from compare.matrix import load_matrix\n"
        "from compare.scoring import score\n"
        "m = load_matrix()\n"
        "w = {'scope': 7, 'team': 5, 'performance': 9, 'maintenance': 4}\n"
        "runs = []\n"
        "for _ in range(5):\n"
        "    t = time.perf_counter(); score(m, w); runs.append(time.perf_counter() - t)\n"
        "print(json.dumps({'frameworks': len(m.frameworks), 'traits': len(m.traits),"
        " 'median_seconds': statistics.median(runs)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frameworks", type=int, default=500)
    parser.add_argument("--traits", type=int, default=100)
    parser.add_argument("--scenarios", type=int, default=20)
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cold-samples", type=int, default=3)
    parser.add_argument("--edit-seconds", type=int, default=60, help="per wrk run of the edits run")
    parser.add_argument("--edit-interval", type=float, default=10.0, help="seconds between saves")
    parser.add_argument("--edit-connections", type=int, default=16)
    parser.add_argument("--no-edits", action="store_true", help="skip the edits run")
    parser.add_argument(
        "--edits-only", action="store_true", help="only the edits run (nothing is written)"
    )
    parser.add_argument(
        "--stale-seconds",
        type=int,
        default=30,
        help="PAGE_STALE_SECONDS in the edits run (0: visitors wait for new pages)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    levels = [int(c) for c in args.connections.split(",")]
    report: dict = {"parameters": vars(args) | {"out": str(args.out)}, "runs": {}}
    with tempfile.TemporaryDirectory(prefix="framewise-bench-") as tmp:
        for size in ("large",) if args.edits_only else ("small", "large"):
            env = build_database(Path(tmp), size, args)
            paths = page_types(size)
            if args.edits_only:
                report["edits"] = edits_run(env, paths, args)
                print_table(report, levels)
                return 0
            server = AppServer(env, args.workers, production=True)
            try:
                cold = cold_times(
                    server, env, paths, args.cold_samples, partial(edit_elsewhere, env, size)
                )
                cold_any = cold_times(
                    server, env, paths, args.cold_samples, partial(bump_revision, env)
                )
                load = load_test(server, paths, levels, args.duration)
            finally:
                server.stop()
            report["runs"][size] = {
                "cold_seconds": cold,
                "cold_ratio": {k: v / cold["healthz"] for k, v in cold.items()},
                "cold_any_seconds": cold_any,
                "cold_any_ratio": {k: v / cold_any["healthz"] for k, v in cold_any.items()},
                "load": load,
                "scoring": time_scoring(env),
            }
            if size == "large" and not args.no_edits:
                if shutil.which("redis-server"):
                    report["edits"] = edits_run(env, paths, args)
                else:
                    print("redis-server is not installed: no edits run", file=sys.stderr)
    report["targets"] = targets(report, levels)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print_table(report, levels)
    print(f"\nWritten to {args.out}")
    return 0


# Issue 17: cold pages at 500 frameworks, as multiples of /healthz latency.
COLD_TARGETS = {"detail": 30, "decide": 60, "compare 6": 10, "list": 15}


def targets(report: dict, levels: list[int]) -> dict:
    large, small = report["runs"]["large"], report["runs"]["small"]
    top = str(max(levels))
    warm = {name: row[top]["rps_ratio"] for name, row in large["load"].items() if name != "healthz"}
    cold = {
        f"cold {name} <= {limit}x healthz latency": large["cold_ratio"][name]
        for name, limit in COLD_TARGETS.items()
    }
    cold |= {
        f"cold after a change to anything, {name} <= {limit}x healthz latency": large[
            "cold_any_ratio"
        ][name]
        for name, limit in COLD_TARGETS.items()
    }
    edits = report.get("edits")
    if edits:
        cold |= {
            f"after an edit, {name} <= {limit}x healthz latency": edits["after_edit_ratio"][name]
            for name, limit in COLD_TARGETS.items()
        }
        cold["p99 with edits <= 3x p99 without"] = edits["p99_ratio"]
        quiet = edits["without_edits"]
        if quiet.get("max") and quiet["p50"]:
            cold["slowest request of the warm run <= 10x its median"] = quiet["max"] / quiet["p50"]
        if edits.get("p99_ratio_no_stale") is not None:
            cold["p99 with edits, no stale pages <= 3x p99 without"] = edits["p99_ratio_no_stale"]
        cold["zero errors during edits"] = (
            edits["with_edits"]["errors"] == 0 and edits["without_edits"]["errors"] == 0
        )
    return cold | {
        "zero errors at max connections": all(
            row[top]["errors"] == 0
            for run in report["runs"].values()
            for row in run["load"].values()
        ),
        "warm pages >= 0.5x healthz throughput (worst)": min(warm.values()),
        "cold compare 6 <= 10x healthz latency": large["cold_ratio"]["compare 6"],
        "list with 500 <= 2x list with 13 (cold)": (
            large["cold_seconds"]["list"] / small["cold_seconds"]["list"]
        ),
        "list with 500 <= 2x list with 13 (warm p50, 1 connection)": (
            large["load"]["list"]["1"]["p50"] / small["load"]["list"]["1"]["p50"]
            if "1" in large["load"]["list"]
            else None
        ),
    }


def print_table(report: dict, levels: list[int]) -> None:
    for size, run in report["runs"].items():
        s = run["scoring"]
        print(
            f"\n== {size} catalogue: scoring {s['frameworks']}x{s['traits']} in "
            f"{s['median_seconds'] * 1000:.1f} ms"
        )
        header = f"{'page':<15}{'cold ms':>9}{'x hz':>7}{'any ms':>9}{'x hz':>7}"
        for c in levels:
            header += f" | c={c:<3}{'rps':>8}{'x hz':>6}{'p50 ms':>8}{'p99 ms':>8}{'err':>5}"
        print(header)
        for name, rows in run["load"].items():
            line = f"{name:<15}{run['cold_seconds'][name] * 1000:>9.1f}"
            line += f"{run['cold_ratio'][name]:>7.1f}"
            line += f"{run['cold_any_seconds'][name] * 1000:>9.1f}"
            line += f"{run['cold_any_ratio'][name]:>7.1f}"
            for c in levels:
                r = rows[str(c)]
                ratio = r.get("rps_ratio")
                line += (
                    f" | {'':<5}{r['rps']:>8.0f}{(ratio or 1):>6.2f}{r['p50'] * 1000:>8.1f}"
                    f"{r['p99'] * 1000:>8.1f}{r['errors']:>5}"
                )
            print(line)
    print_cross_check(report)
    if edits := report.get("edits"):
        stale = edits.get("stale_seconds", 0)
        print(
            f"\n== large catalogue, shared cache (Redis), warming on, stale pages "
            f"{f'for {stale} s' if stale else 'off'}: first request after an edit "
            f"(warming took {_warms(edits['after_edit_warms'])})"
        )
        for name, seconds in edits["after_edit_seconds"].items():
            ratio = edits["after_edit_ratio"][name]
            marks = edits.get("after_edit_served", {}).get(name, [])
            print(f"{name:<15}{seconds * 1000:>9.1f}{ratio:>7.1f}  {' '.join(marks)}")
        print(
            f"\n== popular pages ({len(edits['popular'])}), c={edits['connections']}, "
            f"{edits['seconds']} s each"
        )
        # "max / p50": the slowest request of the run against its median (wrk's, and
        # the Python client's beside it); the target for the warm run (without
        # edits) is 10x at most.
        print(f"{'':<15}{'rps':>8}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}{'max/p50':>8}"
              f"{'py max/p50':>11}{'err':>5}")  # fmt: skip
        rows = [("without edits", "without_edits"), ("with edits", "with_edits")]
        if edits.get("with_edits_no_stale"):
            rows.append(("edits, no stale", "with_edits_no_stale"))
        for label, key in rows:
            r = edits[key]
            slowest = r.get("max") or 0.0
            py = (r.get("probe_max") or 0) / r["probe_p50"] if r.get("probe_p50") else 0.0
            print(
                f"{label:<15}{r['rps']:>8.0f}{r['p50'] * 1000:>8.1f}{r['p99'] * 1000:>8.1f}"
                f"{slowest * 1000:>8.1f}{slowest / r['p50'] if r['p50'] else 0:>8.1f}"
                f"{py:>11.1f}{r['errors']:>5}"
            )
        print(f"saves: {len(edits['saves'])}, warming took {_warms(edits['saves'])}")
    print("\nTargets:")
    for name, value in report.get("targets", {}).items():
        shown = value if isinstance(value, bool) or value is None else f"{value:.2f}"
        print(f"  {name}: {shown}")


def print_cross_check(report: dict) -> None:
    """wrk's p50 and p99 beside the Python probe's, and worker restarts, per run."""
    rows = [
        (f"{size} {name} c={c}", row)
        for size, run in report["runs"].items()
        for name, levels in run["load"].items()
        for c, row in levels.items()
    ]
    if edits := report.get("edits"):
        rows += [
            (f"popular pages, {label}", edits[key])
            for label, key in [
                ("without edits", "without_edits"),
                ("with edits", "with_edits"),
                ("edits, no stale", "with_edits_no_stale"),
            ]
            if edits.get(key)
        ]
    rows = [(label, row) for label, row in rows if "restarts" in row]
    if not rows:
        return
    print("\n== cross-check: wrk vs a Python client timing its own requests meanwhile")
    print(f"{'run':<34}{'wrk p50':>9}{'p99':>8}{'py p50':>9}{'p99':>8}{'n':>6}{'restarts':>10}")
    for label, row in rows:
        py50, py99 = row.get("probe_p50"), row.get("probe_p99")
        print(
            f"{label:<34}{row['p50'] * 1000:>9.1f}{row['p99'] * 1000:>8.1f}"
            f"{(py50 or 0) * 1000:>9.1f}{(py99 or 0) * 1000:>8.1f}{row.get('probe_count', 0):>6}"
            f"{row['restarts']:>10}"
        )
    print(f"worker restarts during load runs: {sum(row['restarts'] for _, row in rows)}")


def _warms(saves: list[dict]) -> str:
    seconds = [s["warm_seconds"] for s in saves if s.get("warm_seconds") is not None]
    if not seconds:
        return "(no warming seen)"
    return f"{statistics.median(seconds) * 1000:.0f} ms (median of {len(seconds)})"


if __name__ == "__main__":
    sys.exit(main())
