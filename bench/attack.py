"""What an anonymous visitor's costliest requests cost, and whether two
connections sending the costliest can slow the site.

    bin/bench-attack [--duration 10] [--samples 7]

Serves the curated catalogue, with 30 changes of history, as production does
(config/gunicorn.py with 2 workers, a Redis of its own, stale pages and warming
on), times each kind of
request an anonymous visitor can make that no cache answers (each sample a new
address), as a multiple of /healthz's median; then runs wrk with 2 connections
sending the costliest kind (every request a new address), and times /healthz
meanwhile from a second client. The target: /healthz's median under that load
within 3x its unloaded median. Results go to bench/results/attack.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.follow import EDIT  # noqa: E402  (after the path is set)
from bench.run import _seconds, free_port  # noqa: E402
from tests.live import AppServer, manage, server_env  # noqa: E402

FRAMEWORKS = [
    "bottle", "cherrypy", "dash", "django", "fastapi", "flask", "micropie",
    "pyramid", "quart", "sanic", "starlette", "tornado", "turbogears",
]  # fmt: skip


# Yes/no and support traits a visitor may ask for (`has=`).
TRAITS = [
    "orm", "migrations", "admin", "auth", "forms", "templating", "sessions", "caching",
    "i18n", "openapi", "websockets", "csrf",
]  # fmt: skip
# Catalogue changes made before measuring, so a decision's feed has a window of
# history to check (as bench/follow.py makes them).
HISTORY = 30


def _pairs(rng: random.Random, items: list[str]) -> Iterator[tuple[str, str]]:
    pairs = list(itertools.combinations(items, 2))
    rng.shuffle(pairs)
    return iter(pairs)


def kinds(rng: random.Random) -> dict[str, Iterator[str]]:
    """Kind of request -> an endless supply of new addresses of that kind."""

    def weights():  # canonical decisions: every axis weight but the default 5
        for combo in itertools.product([0, 1, 2, 3, 4, 6, 7, 8, 9, 10], repeat=4):
            s, t, p, m = combo
            yield f"w=scope:{s},team:{t},performance:{p},maintenance:{m}"

    def each(template):
        return (template.format(n=n, r=rng.randrange(10**6)) for n in itertools.count())

    def from_weights(path):
        return (f"{path}?{w}" for w in weights())

    def comparisons(k, suffix="/"):
        combos = list(itertools.combinations(FRAMEWORKS, k))
        rng.shuffle(combos)
        return (f"/compare/{'-vs-'.join(c)}{suffix}" for c in combos)

    return {
        # 630 names is over gunicorn's 4094-byte request line (a 414 from gunicorn):
        # as many as fit.
        "comparison naming 400 unknown names (400)": each(
            "/compare/{n}" + "-vs-".join(f"{i}" for i in range(400)) + "/"
        ),
        "comparison naming 6 unknown names (404)": each(
            "/compare/" + "-vs-".join(f"zq{{n}}{c}" for c in "abcdef") + "/"
        ),
        "unknown framework page (404)": each("/frameworks/nosuch{n}/"),
        "text search": each("/frameworks/?q=web{r}"),
        "comparison of 6": comparisons(6),
        "comparison of 2, image": comparisons(2, ".png"),
        "decision": from_weights("/decide/"),
        "decision record (md)": from_weights("/decide.md"),
        "decision (json)": from_weights("/decide.json"),
        "decision image (png)": from_weights("/decide.png"),
        "decision feed (a decision never watched)": from_weights("/decide/feed/"),
        "decision pinned to a past revision": (
            f"/decide/?{w}&rev={rng.randrange(2, HISTORY)}" for w in weights()
        ),
        "comparison pinned to a past revision": (
            f"{path}?rev={rng.randrange(2, HISTORY)}" for path in comparisons(2)
        ),
        "API: frameworks with two traits": (
            f"/api/v1/frameworks/?has={a}&has={b}" for a, b in _pairs(rng, TRAITS)
        ),
        "API: values of two frameworks": (
            f"/api/v1/values/?framework={a}&framework={b}" for a, b in _pairs(rng, FRAMEWORKS)
        ),
        "changes, page n": each("/changes/?page={n}"),
        "search question": each("/frameworks/?q=which+have+websockets+and+orm+{r}"),
        "cache-busted image (301)": each("/preview.png?v={r}"),
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # a redirect is the answer measured


_opener = urllib.request.build_opener(_NoRedirect())


def timed(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with _opener.open(url, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, time.perf_counter() - started


def healthz_median(base: str, count: int = 101) -> float:
    return statistics.median(timed(base + "/healthz")[1] for _ in range(count))


def healthz_for(base: str, seconds: float) -> float:
    """/healthz's median latency, asked in turn for `seconds`."""
    times, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        times.append(timed(base + "/healthz")[1])
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load")
    parser.add_argument("--samples", type=int, default=7, help="new addresses per kind")
    parser.add_argument("--connections", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(23)
    workdir = Path(tempfile.mkdtemp(prefix="framewise-attack-"))
    port = free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
         "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    env = server_env(
        f"sqlite:///{workdir / 'attack.sqlite3'}", CACHE_URL=f"redis://127.0.0.1:{port}/0"
    )
    manage(env, "migrate", "--no-input")
    manage(env, "load_catalogue")
    manage(env, "shell", "--no-imports", "-c", EDIT.format(n=HISTORY))
    server = AppServer(env, 2, production=True)
    try:
        base = server.base
        for _ in range(3):  # every worker has served /healthz and read the catalogue
            for path in ("/healthz", "/", "/decide/", "/compare/django-vs-flask/"):
                timed(base + path)
        unloaded = healthz_median(base)
        costs_yardstick = unloaded
        supply = kinds(rng)
        costs = {}
        for name, urls in supply.items():
            samples = [timed(base + next(urls)) for _ in range(args.samples)]
            seconds = statistics.median(s for _, s in samples)
            costs[name] = {
                "status": sorted({status for status, _ in samples}),
                "ms": seconds * 1000,
                "x_healthz": seconds / costs_yardstick,
            }
        costliest = max(costs, key=lambda name: costs[name]["ms"])
        listing = workdir / "costliest.txt"
        # New addresses of that kind (a kind with fewer repeats them: cached then).
        fresh = list(itertools.islice(supply[costliest], 20000))
        listing.write_text("\n".join(fresh) + "\n")

        loaded: list[float] = []
        stop = threading.Event()

        def probe() -> None:
            while not stop.is_set():
                loaded.append(timed(base + "/healthz")[1])

        # The yardstick measured for as long as the load, just before and just
        # after it (a shared machine's other work moves it): their mean.
        before = healthz_for(base, args.duration)
        prober = threading.Thread(target=probe)
        prober.start()
        load = wrk_lines(base, args.connections, args.duration, listing)
        stop.set()
        prober.join()
        after = healthz_for(base, args.duration)
        unloaded = (before + after) / 2
    finally:
        server.stop()
        redis.terminate()
        redis.wait(timeout=20)
    loaded.sort()
    result = {
        "healthz_costs_yardstick_ms": costs_yardstick * 1000,
        "healthz_unloaded_ms": unloaded * 1000,
        "healthz_before_load_ms": before * 1000,
        "healthz_after_load_ms": after * 1000,
        "costs": costs,
        "costliest": costliest,
        "load": {
            "connections": args.connections,
            "seconds": args.duration,
            "costliest_rps": load["rps"],
            "costliest_p50_ms": load["p50"] * 1000,
            "healthz_samples": len(loaded),
            "healthz_median_ms": statistics.median(loaded) * 1000,
            "healthz_p99_ms": loaded[int(len(loaded) * 0.99) - 1] * 1000,
            "healthz_median_ratio": statistics.median(loaded) / unloaded,
        },
    }
    out = ROOT / "bench" / "results" / "attack.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"/healthz unloaded: median {costs_yardstick * 1000:.2f} ms")
    print(f"{'request (each a new address)':44} {'status':>8} {'ms':>8} {'x hz':>7}")
    for name, cost in sorted(costs.items(), key=lambda item: -item[1]["ms"]):
        status = ",".join(map(str, cost["status"]))
        print(f"{name:44} {status:>8} {cost['ms']:8.1f} {cost['x_healthz']:7.1f}")
    row = result["load"]
    print(
        f"\n{args.connections} connections sending “{costliest}” for {args.duration} s: "
        f"{row['costliest_rps']:.1f} rps; /healthz meanwhile: median "
        f"{row['healthz_median_ms']:.2f} ms ({row['healthz_median_ratio']:.2f}x its "
        f"{unloaded * 1000:.2f} ms just before and after), "
        f"p99 {row['healthz_p99_ms']:.2f} ms over {row['healthz_samples']} requests"
    )


def wrk_lines(base: str, connections: int, duration: int, listing: Path) -> dict:
    """wrk with every request a new address from `listing` (bench/lines.lua)."""
    script = ROOT / "bench" / "lines.lua"
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency",
         "--timeout", "30s", "-s", str(script), base + "/", "--", str(listing)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return _parse_wrk(out)


def _parse_wrk(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _seconds(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    return {"rps": rps, "p50": p50}


if __name__ == "__main__":
    main()
