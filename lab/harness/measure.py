"""``bin/lab measure``: throughput, latency, memory, start-up and install size.

Every framework runs its own ``hello-json`` and ``json-body`` samples under the
production server from its manifest with one worker process; a bare ASGI app under
uvicorn and a bare WSGI app under gunicorn are measured in the same run, and each
figure is also given as a ratio to its baseline. wrk and the server share the
machine's cores unless LAB_PIN=1 pins them apart (see ``pinning``).
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import statistics
import time
from pathlib import Path

from lab.harness import envs, manifest, wrk
from lab.harness.servers import running, tree_rss_kib

RESULTS = manifest.LAB / "results"
MEASURED = RESULTS / "measured.json"
PREVIOUS = RESULTS / "measured-previous.json"
SUBSET = RESULTS / "measured-subset.json"
SECONDS = int(os.environ.get("LAB_WRK_SECONDS", "3"))
# Each figure is the median of this many runs (start-ups too): on a shared machine one
# run can land on a burst of someone else's work.
REPEATS = int(os.environ.get("LAB_REPEATS", "3"))
WARMUP_SECONDS = 2
METRICS = ("rps_hello_c1", "rps_hello_c64", "p99_hello_c64_ms", "rps_json_c64",
           "p99_json_c64_ms", "rss_mib", "startup_ms", "install_kib", "install_dists")


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kib = 0
    return {"cpu": model, "cores": os.cpu_count(), "memory": f"{mem_kib / 1024**2:.1f} GiB",
            "os": f"{platform.system()} {platform.release()}"}


def pinning() -> tuple[list[str], list[str]]:
    """(server prefix, wrk prefix): separate cores when asked (LAB_PIN=1) and possible.

    Off by default: on a machine shared with other work, a pinned server cannot move
    away from a busy core, which made runs noisier, not steadier.
    """
    if os.environ.get("LAB_PIN") == "1" and (os.cpu_count() or 1) >= 2 and shutil.which(
        "taskset"
    ):
        return ["taskset", "-c", "1"], ["taskset", "-c", "0"]
    return [], []


def measure_one(slug: str) -> dict:
    m = manifest.load(slug)
    envs.ensure(slug)
    info = envs.describe(slug, m.distribution)
    install_kib, install_dists = envs.install_footprint(slug)
    server_prefix, wrk_prefix = pinning()
    startups = []
    for _ in range(REPEATS - 1):
        with running(m, prefix=server_prefix) as server:
            startups.append(server.startup_ms)
    with running(m, prefix=server_prefix) as server:
        startups.append(server.startup_ms)
        hello, items = server.base + "/hello", server.base + "/items"

        def load(url: str, connections: int, seconds: int = SECONDS, **kw) -> wrk.WrkResult:
            return wrk.run(url, connections, seconds, prefix=wrk_prefix, **kw)

        def repeated(url: str, connections: int, **kw) -> Median:
            return Median([load(url, connections, **kw) for _ in range(REPEATS)])

        load(hello, 16, WARMUP_SECONDS)
        load(items, 16, 1, post_json=True)
        time.sleep(0.5)
        rss_mib = tree_rss_kib(server.process.pid) / 1024
        hello_c1 = repeated(hello, 1)
        hello_c64 = repeated(hello, 64)
        json_c64 = repeated(items, 64, post_json=True)
        startup_ms = statistics.median(startups)
        command = " ".join(server_prefix + m.command_for(server.port))
    metrics = {
        "rps_hello_c1": hello_c1.rps,
        "rps_hello_c64": hello_c64.rps,
        "p99_hello_c64_ms": hello_c64.p99_ms,
        "rps_json_c64": json_c64.rps,
        "p99_json_c64_ms": json_c64.p99_ms,
        "rss_mib": round(rss_mib, 1),
        "startup_ms": round(startup_ms, 1),
        "install_kib": install_kib,
        "install_dists": install_dists,
    }
    return {
        "name": m.name,
        "version": info["version"],
        "python": info["python"],
        "server": m.server,
        "server_settings": command.replace(f":{server.port}", ":PORT")
        .replace(f" {server.port}", " PORT").replace(f"={server.port}", "=PORT"),
        "workers": 1,
        "baseline": m.baseline,
        "errors": hello_c1.errors + hello_c64.errors + json_c64.errors,
        "metrics": metrics,
    }


def mean_metrics(a: dict, b: dict) -> dict:
    return {k: (a[k] + b[k]) // 2 if isinstance(a[k], int) else round((a[k] + b[k]) / 2, 2)
            for k in METRICS}


class Median:
    """The median requests/s and p99 of several wrk runs, and all their errors."""

    def __init__(self, runs: list[wrk.WrkResult]) -> None:
        self.rps = round(statistics.median(r.rps for r in runs), 2)
        self.p99_ms = round(statistics.median(r.p99_ms for r in runs), 2)
        self.errors = sum(r.errors for r in runs)


def ratios(metrics: dict, base: dict) -> dict:
    return {k: round(metrics[k] / base[k], 3) if base.get(k) else None for k in METRICS}


def table(baselines: dict, frameworks: dict) -> str:
    cols = [("rps_hello_c1", "hello c1", ".0f"), ("rps_hello_c64", "hello c64", ".0f"),
            ("p99_hello_c64_ms", "p99 ms", ".1f"), ("rps_json_c64", "json c64", ".0f"),
            ("p99_json_c64_ms", "p99 ms", ".1f"), ("rss_mib", "RSS MiB", ".1f"),
            ("startup_ms", "start ms", ".0f"), ("install_kib", "inst KiB", ".0f"),
            ("install_dists", "dists", "d")]
    name = max([14, *(len(k) + 2 for k in frameworks)])
    head = f"{'':<{name}}{'version':<10}" + "".join(f"{label:>10}" for _, label, _ in cols)
    lines = [head + "   (x baseline for rps, p99, RSS, start-up)", "-" * len(head)]
    rows = [(f"[{k}]", v, None) for k, v in baselines.items()]
    rows += [(k, v, v.get("ratios")) for k, v in frameworks.items()]
    for label, entry, ratio in rows:
        cells = "".join(f"{entry['metrics'][key]:>10{fmt}}" for key, _, fmt in cols)
        lines.append(f"{label:<{name}}{entry['version']:<10}{cells}")
        if ratio:
            shown = ["rps_hello_c1", "rps_hello_c64", "p99_hello_c64_ms", "rps_json_c64",
                     "p99_json_c64_ms", "rss_mib", "startup_ms"]
            cells = "".join(f"{('x' + format(ratio[k], '.2f')) if k in shown else '':>10}"
                            for k, _, _ in cols)
            lines.append(f"{'':<{name}}{'':<10}{cells}")
    return "\n".join(lines)


def run(slugs: list[str]) -> int:
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    every = slugs == manifest.framework_slugs()
    today = datetime.date.today().isoformat()
    box = machine()
    # The baselines run first and again last; their mean is the divisor, and how far
    # they moved in between says how noisy the machine was during the run.
    first = {}
    for name in manifest.BASELINES:
        print(f"measuring baseline {name}…", flush=True)
        first[name] = measure_one(name)
    frameworks = {}
    for slug in slugs:
        print(f"measuring {slug}…", flush=True)
        frameworks[slug] = measure_one(slug)
    baselines = {}
    for name in manifest.BASELINES:
        print(f"measuring baseline {name} again…", flush=True)
        again = measure_one(name)
        before, after = first[name]["metrics"], again["metrics"]
        entry = {k: again[k] for k in ("name", "version", "server", "server_settings", "workers")}
        entry["errors"] = first[name]["errors"] + again["errors"]
        entry["metrics"] = mean_metrics(before, after)
        entry["runs"] = [before, after]
        entry["drift"] = ratios(after, before)
        baselines[name] = entry
    for slug, entry in frameworks.items():
        entry["ratios"] = ratios(entry["metrics"], baselines[entry["baseline"]]["metrics"])
        entry.update(date=today, machine=box, command=f"bin/lab measure {slug}")
    result = {
        "date": today,
        "command": "bin/lab measure" + ("" if every else " " + " ".join(slugs)),
        "machine": box,
        # How busy the machine was besides the lab (1-minute load average).
        "load_average": {"start": round(load_at_start, 2), "end": round(os.getloadavg()[0], 2)},
        "python": platform.python_version(),
        "settings": {
            "workers": 1,
            "wrk": f"wrk -t1 -c1|-c64 -d{SECONDS}s --latency, after a {WARMUP_SECONDS} s warm-up;"
            f" rps and p99 are each the median of {REPEATS} runs",
            "pinning": "server on CPU 1, wrk on CPU 0 (taskset)" if pinning()[0] else
            "none: wrk and the server share the machine's cores",
            "rss": "resident memory of the server's process tree after the warm-up",
            "startup": "from starting the server command to the first 200 from GET /hello,"
            f" median of {REPEATS} start-ups",
            "install": "site-packages size and distributions beyond an empty uv venv",
        },
        "baselines": baselines,
        "frameworks": frameworks,
    }
    print(table(baselines, frameworks))
    for name, entry in baselines.items():
        drift = ", ".join(f"{k} x{v:.2f}" for k, v in entry["drift"].items()
                          if k in ("rps_hello_c1", "rps_hello_c64", "rps_json_c64") and v)
        print(f"baseline {name}, last run / first run: {drift}")
    RESULTS.mkdir(exist_ok=True)
    target = MEASURED if every else SUBSET
    if every and MEASURED.is_file():
        MEASURED.replace(PREVIOUS)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    errors = {k: v["errors"] for k, v in {**baselines, **frameworks}.items() if v["errors"]}
    print(f"\n{len(slugs)} framework(s) and 2 baselines in {time.perf_counter() - started:.0f} s;"
          f" written to {target.relative_to(manifest.LAB.parent)}")
    if errors:
        print(f"requests that failed under load: {errors}")
        return 1
    return 0
