"""``bin/lab measure``: CPU cost per request, throughput, latency, memory, start-up, size.

The primary figure is the CPU cost of a request: instructions per request counted
under callgrind (``cpu.py``), which repeats to a fraction of a percent on a busy
machine. Throughput, p99 latency (wrk), memory and start-up are secondary. Every
figure is the median of ``LAB_ROUNDS`` (5) interleaved rounds: in each round every
framework and both bare baselines are measured once, in a shuffled order, and each
figure is stored with its interval (lowest and highest round) and the machine's load
average during every round. A run that breaks a plausibility rule (``plausibility``)
is not published: it is written to ``measured-rejected.json`` and the command fails.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path

from lab.harness import cpu, envs, manifest, wrk
from lab.harness.servers import running

RESULTS = manifest.LAB / "results"
MEASURED = RESULTS / "measured.json"
PREVIOUS = RESULTS / "measured-previous.json"
SUBSET = RESULTS / "measured-subset.json"
REJECTED = RESULTS / "measured-rejected.json"
ROUNDS = int(os.environ.get("LAB_ROUNDS", "5"))
SECONDS = int(os.environ.get("LAB_WRK_SECONDS", "1"))
WARMUP_SECONDS = 1
START_TIMEOUT = 180.0
# Instructions per request repeat exactly enough that a few requests per round suffice.
CPU_REQUESTS = int(os.environ.get("LAB_CPU_REQUESTS", "10"))
# How many servers run under callgrind at once (beside both baselines).
CPU_BATCH = int(os.environ.get("LAB_CPU_BATCH", "6"))
SEQUENTIAL = os.environ.get("LAB_SEQUENTIAL") == "1"
# A p99 this many times the median is a stall to investigate, not a figure to publish.
TAIL_LIMIT = 10.0
# Below this relative spread a baseline is treated as this noisy (instruction counts
# repeat to well under 1 %).
NOISE_FLOOR = 0.01
PLAUSIBILITY = (
    "no framework on its baseline's own server is cheaper or faster than that bare app by"
    " more than the bare app's spread; a round whose p99 is more than"
    f" {TAIL_LIMIT:.0f}x that round's median is a stall: it is listed under `investigate`"
    " (figure and round) and left out, the p99 figure is the median of the rounds that"
    " pass, and it is not stored only when no round passes"
)

CPU_METRICS = ("instr_per_request", "instr_hello", "instr_json")
# Stored per round beside the figures: the server's idle instruction rate.
CPU_DETAIL = ("instr_idle_per_s",)
WRK_METRICS = ("rps_hello_c1", "rps_hello_c64", "p99_hello_c64_ms", "p50_hello_c64_ms",
               "rps_json_c64", "p99_json_c64_ms", "p50_json_c64_ms", "rss_mib", "startup_ms")
INSTALL_METRICS = ("install_kib", "install_dists")
METRICS = (*CPU_METRICS, *WRK_METRICS, *INSTALL_METRICS)
# Which way is better, for the plausibility rule (only figures a framework cannot
# legitimately beat its own bare app on, on the same server).
HIGHER_IS_BETTER = {"rps_hello_c1", "rps_hello_c64", "rps_json_c64"}
LOWER_IS_BETTER = {"instr_per_request", "instr_hello", "instr_json"}


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


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# --- memory: the application's processes, not a supervisor ---------------------------

def cpu_ticks(pids: list[int]) -> dict[int, int]:
    ticks = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            continue
    return ticks


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def app_processes(before: dict[int, int], after: dict[int, int]) -> list[int]:
    """The processes that served the warm-up: those that used at least a fifth of the CPU
    time the busiest one used. A supervisor (gunicorn's master, Sanic's manager) idles
    while its worker answers, so it is left out; a single-process server is kept whole."""
    used = {pid: after[pid] - before.get(pid, 0) for pid in after}
    busiest = max(used.values(), default=0)
    if busiest <= 0:
        return list(after)
    return [pid for pid, ticks in used.items() if ticks >= busiest / 5]


# --- one round of one framework ----------------------------------------------------

def wrk_round(slug: str) -> dict:
    """Start the server, warm it up, take the wrk figures and its memory; stop it."""
    m = manifest.load(slug)
    # Reflex builds its front end at every start (tens of seconds on a busy machine).
    with running(m, timeout=START_TIMEOUT) as server:
        hello, items = server.base + "/hello", server.base + "/items"
        pids = cpu.tree(server.process.pid)
        before = cpu_ticks(pids)
        wrk.run(hello, 16, WARMUP_SECONDS)
        cpu.drive(server.port, "json", 20)
        pids = cpu.tree(server.process.pid)
        serving = app_processes(before, cpu_ticks(pids))
        rss = sum(rss_kib(pid) for pid in serving) / 1024
        h1 = wrk.run(hello, 1, SECONDS)
        h64 = wrk.run(hello, 64, SECONDS)
        j64 = wrk.run(items, 64, SECONDS, post_json=True)
        command = " ".join(m.command_for(server.port))
        port = server.port
    return {
        "rps_hello_c1": h1.rps,
        "rps_hello_c64": h64.rps,
        "p99_hello_c64_ms": h64.p99_ms,
        "p50_hello_c64_ms": h64.p50_ms,
        "rps_json_c64": j64.rps,
        "p99_json_c64_ms": j64.p99_ms,
        "p50_json_c64_ms": j64.p50_ms,
        "rss_mib": round(rss, 1),
        "processes": f"{len(serving)} of {len(pids)}",
        "startup_ms": round(server.startup_ms, 1),
        "errors": h1.errors + h64.errors + j64.errors,
        "_command": command.replace(f":{port}", ":PORT").replace(f" {port}", " PORT")
        .replace(f"={port}", "=PORT"),
    }


# --- the two phases --------------------------------------------------------------------

def cpu_phase(slugs: list[str], rng: random.Random) -> dict[str, list[dict]]:
    """Instructions per request, ROUNDS interleaved rounds. Servers under callgrind start
    slowly, so they run in batches that stay up for all rounds; both baselines stay up
    throughout and are measured in every round of every batch."""
    samples: dict[str, list[dict]] = {s: [] for s in (*manifest.BASELINES, *slugs)}
    order = list(slugs)
    rng.shuffle(order)
    batches = [order[i:i + CPU_BATCH] for i in range(0, len(order), CPU_BATCH)] or [[]]
    base = {}
    try:
        for name in manifest.BASELINES:
            base[name] = cpu.Counted(name).start()
        for number, batch in enumerate(batches, 1):
            print(f"cpu batch {number}/{len(batches)}: {', '.join(batch)}", flush=True)
            servers: dict[str, cpu.Counted] = {}
            try:
                with concurrent.futures.ThreadPoolExecutor(2) as pool:
                    started = {slug: pool.submit(cpu.Counted(slug).start) for slug in batch}
                    for slug, future in started.items():
                        try:
                            servers[slug] = future.result()
                        except Exception as exc:  # reported; the run fails
                            print(f"cpu: {slug} did not start: {exc}", flush=True)
                            samples[slug].append({"round": 0, "failed": 1, "error": str(exc)})
                for r in range(ROUNDS):
                    turn = [*servers, *manifest.BASELINES]
                    rng.shuffle(turn)
                    load = load_average()
                    for slug in turn:
                        server = servers.get(slug) or base[slug]
                        try:
                            sample = server.sample(CPU_REQUESTS)
                        except Exception as exc:  # reported; the run fails
                            print(f"cpu: {slug} failed in round {r + 1}: {exc}", flush=True)
                            sample = {"failed": 1, "error": str(exc)}
                        samples[slug].append({"round": r + 1, "batch": number,
                                              "load_average": load, **sample})
            finally:
                for counted in servers.values():
                    counted.stop()
    finally:
        for counted in base.values():
            counted.stop()
    return samples


def wrk_phase(slugs: list[str], rng: random.Random) -> dict[str, list[dict]]:
    samples: dict[str, list[dict]] = {s: [] for s in (*manifest.BASELINES, *slugs)}
    for r in range(ROUNDS):
        turn = [*slugs, *manifest.BASELINES]
        rng.shuffle(turn)
        start = load_average()
        print(f"wrk round {r + 1}/{ROUNDS} (load {start})", flush=True)
        for slug in turn:
            try:
                sample = wrk_round(slug)
            except Exception as exc:  # reported; the run fails
                print(f"wrk: {slug} failed: {exc}", flush=True)
                sample = {"errors": 1, "error": str(exc)}
            samples[slug].append({"round": r + 1, "load_average": load_average(), **sample})
    return samples


# --- figures from rounds --------------------------------------------------------------

def summarise(rounds: list[dict], keys: tuple[str, ...]) -> tuple[dict, dict]:
    """(median per key, [lowest, highest] per key) over the rounds."""
    metrics, intervals = {}, {}
    for key in keys:
        values = [r[key] for r in rounds if r.get(key) is not None]
        if not values:
            continue
        middle = statistics.median(values)
        metrics[key] = round(middle) if key.startswith("instr") else round(middle, 2)
        intervals[key] = [min(values), max(values)]
    return metrics, intervals


def ratios(metrics: dict, base: dict) -> dict:
    return {k: round(metrics[k] / base[k], 3) if metrics.get(k) is not None and base.get(k)
            else None for k in METRICS}


def spread(entry: dict, key: str) -> float:
    """The relative spread of a figure over its rounds: (highest - lowest) / median."""
    low, high = entry["intervals"][key]
    middle = entry["metrics"][key]
    return (high - low) / middle if middle else 0.0


def same_server(slug: str, baseline: str) -> bool:
    """Whether a framework runs on the very server its bare baseline runs on (then it
    cannot be cheaper or faster than the bare app beyond the noise)."""
    mine, theirs = manifest.load(slug).command, manifest.load(baseline).command
    worker = [p for p in mine if p.startswith(("-k", "--worker-class"))]
    return mine[0] == theirs[0] and not worker


def tails(entry: dict) -> list[dict]:
    """Stalls to investigate, round by round: a round whose p99 for a task is more than
    TAIL_LIMIT times that round's median is listed (figure, round, p99 and median) and
    left out, never stored as the figure. The task's p99 is the median of the rounds that
    pass, its interval theirs; it is not stored (None) only when no round passes. An
    entry without rounds is judged on its figures as one round."""
    flagged = []
    rounds = [(r["round"], r["wrk"]) for r in entry.get("rounds", []) if r.get("wrk")]
    rounds = rounds or [(1, dict(entry["metrics"]))]
    m = entry["metrics"]
    for task in ("hello", "json"):
        p99, p50 = f"p99_{task}_c64_ms", f"p50_{task}_c64_ms"
        passed, seen = [], False
        for number, figures in rounds:
            high, middle = figures.get(p99), figures.get(p50)
            if high is None or not middle:
                continue
            seen = True
            if high > TAIL_LIMIT * middle:
                flagged.append({"figure": p99, "round": number, "p99_ms": high,
                                "p50_ms": middle,
                                "reason": f"p99 is {high / middle:.0f}x the median in round"
                                f" {number}"})
            else:
                passed.append(high)
        if passed:
            m[p99] = round(statistics.median(passed), 2)
            entry["intervals"][p99] = [min(passed), max(passed)]
        elif seen:
            m[p99] = None
            entry["intervals"].pop(p99, None)
    return flagged


def restate(path: Path) -> dict:
    """Re-derive a stored run's p99 figures from its rounds under the current rule (no
    re-measuring: every round's wrk figures are kept), and rewrite it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = ("p99_hello_c64_ms", "p99_json_c64_ms")
    investigate = {}
    for group in ("baselines", "frameworks"):
        for slug, entry in data[group].items():
            wrk_rounds = [r["wrk"] for r in entry["rounds"] if r.get("wrk")]
            metrics, spans = summarise(wrk_rounds, keys)
            for key in keys:
                entry["metrics"][key] = metrics.get(key)
                if key in spans:
                    entry["intervals"][key] = spans[key]
                else:
                    entry["intervals"].pop(key, None)
            flagged = tails(entry)
            entry.pop("investigate", None)
            if flagged:
                entry["investigate"] = flagged
                if group == "frameworks":
                    investigate[slug] = flagged
    for entry in data["frameworks"].values():
        base = data["baselines"][entry["baseline"]]["metrics"]
        entry["ratios"] = ratios(entry["metrics"], base)
    data["investigate"] = investigate
    data["settings"]["plausibility"] = PLAUSIBILITY
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return data


def plausibility(baselines: dict, frameworks: dict) -> list[str]:
    """Why the run cannot be published (empty when it can): a framework that beats its
    own bare baseline, on the same server, by more than the baseline's noise."""
    problems = []
    for slug, entry in frameworks.items():
        name = entry["baseline"]
        if not entry["same_server_as_baseline"]:
            continue
        base = baselines[name]
        for key in (*LOWER_IS_BETTER, *HIGHER_IS_BETTER):
            mine, theirs = entry["metrics"].get(key), base["metrics"].get(key)
            if mine is None or not theirs:
                continue
            noise = max(spread(base, key), NOISE_FLOOR)
            if key in LOWER_IS_BETTER and mine < theirs * (1 - noise):
                problems.append(f"{slug}: {key} {mine} is below the bare {name} app's {theirs}"
                                f" by more than its noise ({noise:.1%})")
            if key in HIGHER_IS_BETTER and mine > theirs * (1 + noise):
                problems.append(f"{slug}: {key} {mine} is above the bare {name} app's {theirs}"
                                f" by more than its noise ({noise:.1%})")
    return problems


def entry_for(slug: str, cpu_rounds: list[dict], wrk_rounds: list[dict]) -> dict:
    m = manifest.load(slug)
    envs.ensure(slug)
    info = envs.describe(slug, m.distribution)
    install_kib, install_dists = envs.install_footprint(slug)
    metrics, intervals = summarise(cpu_rounds, CPU_METRICS)
    more, more_intervals = summarise(wrk_rounds, WRK_METRICS)
    metrics.update(more, install_kib=install_kib, install_dists=install_dists)
    intervals.update(more_intervals)
    rounds = []
    for r in range(1, ROUNDS + 1):
        here = {"round": r}
        cpu_r = [s for s in cpu_rounds if s["round"] == r]
        wrk_r = [s for s in wrk_rounds if s["round"] == r]
        if cpu_r:
            here["cpu"] = [{k: s[k] for k in ("batch", "load_average", *CPU_METRICS,
                                              *CPU_DETAIL) if k in s}
                           for s in cpu_r]
        if wrk_r:
            here["wrk"] = {k: v for k, v in wrk_r[0].items() if not k.startswith("_")
                           and k != "round"}
        here["cpu"] = here.get("cpu", [])
        rounds.append(here)
    commands = [s["_command"] for s in wrk_rounds if "_command" in s]
    command = commands[0] if commands else " ".join(m.command)
    return {
        "name": m.name,
        "version": info["version"],
        "python": info["python"],
        "server": m.server,
        "server_settings": command,
        "workers": 1,
        "baseline": m.baseline,
        "errors": sum(s.get("errors", 0) for s in wrk_rounds)
        + sum(s.get("failed", 0) for s in cpu_rounds),
        "metrics": metrics,
        "intervals": intervals,
        "rounds": rounds,
    }


def table(baselines: dict, frameworks: dict) -> str:
    cols = [("instr_per_request", "kinstr/req", 1e-3, ".0f"),
            ("rps_hello_c1", "hello c1", 1, ".0f"),
            ("rps_hello_c64", "hello c64", 1, ".0f"), ("rps_json_c64", "json c64", 1, ".0f"),
            ("p99_json_c64_ms", "json p99", 1, ".1f"), ("rss_mib", "RSS MiB", 1, ".1f"),
            ("startup_ms", "start ms", 1, ".0f")]
    name = max([14, *(len(k) + 2 for k in frameworks)])
    head = f"{'':<{name}}{'version':<10}" + "".join(f"{label:>12}" for _, label, _, _ in cols)
    lines = [head + "   (second line: x its baseline; third: spread over rounds)",
             "-" * len(head)]
    rows = [(f"[{k}]", v) for k, v in baselines.items()] + list(frameworks.items())
    for label, entry in rows:
        shown = {k: entry["metrics"].get(k) for k, _, _, _ in cols}
        cells = "".join(f"{'-' if shown[k] is None else format(shown[k] * f, fmt):>12}"
                        for k, _, f, fmt in cols)
        lines.append(f"{label:<{name}}{entry['version']:<10}{cells}")
        ratio = entry.get("ratios")
        if ratio:
            cells = "".join(f"{'x' + format(ratio[k], '.2f') if ratio.get(k) else '':>12}"
                            for k, _, _, _ in cols)
            lines.append(f"{'':<{name}}{'':<10}{cells}")
        cells = "".join(
            f"{'±' + format(spread(entry, k) / 2, '.0%') if k in entry['intervals'] else '':>12}"
            for k, _, _, _ in cols)
        lines.append(f"{'':<{name}}{'':<10}{cells}")
    return "\n".join(lines)


def run(slugs: list[str]) -> int:
    started = time.perf_counter()
    load_at_start = load_average()
    every = slugs == manifest.framework_slugs()
    today = datetime.date.today().isoformat()
    seed = int(time.time())
    rng = random.Random(seed)
    for slug in (*manifest.BASELINES, *slugs):
        envs.ensure(slug)
    # Instruction counts do not depend on what else runs, so the CPU phase runs beside the
    # wrk phase (LAB_SEQUENTIAL=1 runs it first instead); both are interleaved rounds.
    cpu_started = time.perf_counter()
    if SEQUENTIAL:
        cpu_samples = cpu_phase(slugs, random.Random(seed + 1))
        cpu_seconds = time.perf_counter() - cpu_started
        wrk_samples = wrk_phase(slugs, rng)
    else:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            future = pool.submit(cpu_phase, slugs, random.Random(seed + 1))
            wrk_samples = wrk_phase(slugs, rng)
            cpu_samples = future.result()
            cpu_seconds = time.perf_counter() - cpu_started
    baselines, frameworks = {}, {}
    for name in manifest.BASELINES:
        baselines[name] = entry_for(name, cpu_samples[name], wrk_samples[name])
        flagged = tails(baselines[name])
        if flagged:
            baselines[name]["investigate"] = flagged
    investigate = {}
    for slug in slugs:
        entry = entry_for(slug, cpu_samples[slug], wrk_samples[slug])
        flagged = tails(entry)
        if flagged:
            entry["investigate"] = flagged
            investigate[slug] = flagged
        entry["ratios"] = ratios(entry["metrics"], baselines[entry["baseline"]]["metrics"])
        entry["same_server_as_baseline"] = same_server(slug, entry["baseline"])
        entry.update(date=today, machine=machine(),
                     command=f"bin/lab measure {slug}")
        frameworks[slug] = entry
    problems = plausibility(baselines, frameworks)
    seconds = time.perf_counter() - started
    result = {
        "date": today,
        "command": "bin/lab measure" + ("" if every else " " + " ".join(slugs)),
        "machine": machine(),
        # How busy the machine was besides the lab (1-minute load average): at the start
        # and the end, and in every round (in each framework's `rounds`).
        "load_average": {"start": load_at_start, "end": load_average()},
        "python": platform.python_version(),
        "duration_s": round(seconds),
        "cpu_phase_s": round(cpu_seconds),
        "seed": seed,
        "settings": {
            "rounds": f"every figure is the median of {ROUNDS} interleaved rounds (every"
            " framework and both bare baselines once per round, in a shuffled order);"
            " `intervals` holds the lowest and highest round",
            "primary": "instructions per request (Ir) counted by valgrind --tool=callgrind"
            " --instr-atstart=no --trace-children=yes over every process and thread of the"
            f" server, instrumentation switched on after {cpu.WARMUP_REQUESTS} warm-up requests"
            f" of each kind; per round {CPU_REQUESTS} GET /hello and {CPU_REQUESTS} POST /items"
            " over one keep-alive connection (where the server keeps it); instr_per_request"
            " is their mean; under callgrind gunicorn's worker timeout is 600 s and Sanic"
            " runs with --single-process (its manager kills a worker that is late to report)",
            "workers": 1,
            "wrk": f"wrk -t1 -c1|-c64 -d{SECONDS}s --latency after a {WARMUP_SECONDS} s warm-up"
            " (GET /hello at 16 connections, then 20 POST /items); the server is started"
            " afresh in every round",
            "phases": "the CPU phase ran " + ("before" if SEQUENTIAL else "beside")
            + " the wrk phase (instruction counts do not depend on the machine's load)",
            "rss": "resident memory of the processes that served the warm-up (a supervisor"
            " that does not serve, such as gunicorn's master, is left out)",
            "startup": "from starting the server command to the first 200 from GET /hello",
            "install": "site-packages size and distributions beyond an empty uv venv",
            "plausibility": PLAUSIBILITY,
        },
        "baselines": baselines,
        "frameworks": frameworks,
        "investigate": investigate,
    }
    print(table(baselines, frameworks))
    for slug, flagged in investigate.items():
        for f in flagged:
            print(f"investigate {slug}: {f['figure']} {f['reason']} (not stored)")
    errors = {k: v["errors"] for k, v in {**baselines, **frameworks}.items() if v["errors"]}
    RESULTS.mkdir(exist_ok=True)
    if problems or errors:
        REJECTED.write_text(json.dumps({**result, "problems": problems, "errors": errors},
                                       indent=2, ensure_ascii=False) + "\n")
        for problem in problems:
            print(f"implausible: {problem}")
        if errors:
            print(f"requests that failed: {errors}")
        print(f"\nnot published: written to {REJECTED.relative_to(manifest.LAB.parent)}"
              f" ({seconds:.0f} s)")
        return 1
    target = MEASURED if every else SUBSET
    if every and MEASURED.is_file():
        MEASURED.replace(PREVIOUS)
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"\n{len(slugs)} framework(s) and 2 baselines, {ROUNDS} rounds, in {seconds:.0f} s"
          f" (CPU phase {cpu_seconds:.0f} s); written to"
          f" {target.relative_to(manifest.LAB.parent)}")
    return 0
