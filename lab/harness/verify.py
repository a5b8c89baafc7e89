"""``bin/lab verify``: install each framework, run its samples, check every task."""

from __future__ import annotations

import datetime
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from lab.harness import envs, manifest
from lab.harness.checks import CHECKS, CheckFailed
from lab.harness.servers import running

RESULTS = manifest.LAB / "results"
VERIFIED = RESULTS / "verified.json"
# Two frameworks at a time: the checks are mostly waiting, and a 2-core box keeps up.
PARALLEL = 2


@dataclass
class Outcome:
    slug: str
    version: str = ""
    python: str = ""
    server: str = ""
    seconds: float = 0.0
    error: str = ""
    tasks: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error and all(state != "failed" for state, _ in self.tasks.values())


def verify_one(slug: str) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome(slug)
    try:
        m = manifest.load(slug)
        outcome.server = " ".join(m.command)
        envs.ensure(slug)
        info = envs.describe(slug, m.distribution)
        outcome.version, outcome.python = info["version"], info["python"]
        for task, spec in m.tasks.items():
            if not spec.supported:
                outcome.tasks[task] = ("not supported", spec.not_supported)
        with running(m) as server:
            for task in m.supported_tasks():
                try:
                    CHECKS[task](server.base)
                    outcome.tasks[task] = ("verified", "")
                except (CheckFailed, OSError) as exc:
                    detail = f"{exc}"
                    tail = server.log_tail(8)
                    outcome.tasks[task] = ("failed", f"{detail}\n{tail}" if tail else detail)
    except Exception as exc:  # whatever went wrong is reported for this framework
        outcome.error = str(exc) or type(exc).__name__
    outcome.seconds = time.perf_counter() - started
    return outcome


def table(outcomes: list[Outcome]) -> str:
    tasks = list(manifest.TASKS)
    mark = {"verified": "ok", "not supported": "n/s", "failed": "FAIL"}
    width = max(len(t) for t in tasks)
    name = max([12, *(len(o.slug) for o in outcomes)])
    head = f"{'framework':<{name}} {'version':<10} " + " ".join(f"{t:>{width}}" for t in tasks)
    lines = [head, "-" * len(head)]
    for o in outcomes:
        cells = []
        for t in tasks:
            state = o.tasks.get(t, ("", ""))[0]
            cells.append(f"{mark.get(state, '-'):>{width}}")
        lines.append(f"{o.slug:<{name}} {o.version:<10} " + " ".join(cells)
                     + f"  {o.seconds:5.1f} s" + ("  ERROR" if o.error else ""))
    lines.append("ok = verified over HTTP/WebSocket (chart: in Chromium); n/s = not supported "
                 "(reason in lab/<slug>/lab.toml); - = not asked of this framework")
    return "\n".join(lines)


def record(outcomes: list[Outcome]) -> None:
    RESULTS.mkdir(exist_ok=True)
    data = json.loads(VERIFIED.read_text()) if VERIFIED.is_file() else {}
    today = datetime.date.today().isoformat()
    for o in outcomes:
        if not o.ok:
            data.pop(o.slug, None)
            continue
        data[o.slug] = {
            "version": o.version,
            "python": o.python,
            "date": today,
            "server": o.server,
            "verified": [t for t, (state, _) in o.tasks.items() if state == "verified"],
            "not_supported": {t: why for t, (state, why) in o.tasks.items()
                              if state == "not supported"},
        }
    VERIFIED.write_text(json.dumps(dict(sorted(data.items())), indent=2, ensure_ascii=False)
                        + "\n")


def run(slugs: list[str]) -> int:
    started = time.perf_counter()
    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = list(pool.map(verify_one, slugs))
    print(table(outcomes))
    failed = False
    for o in outcomes:
        if o.error:
            failed = True
            print(f"\n{o.slug}: {o.error}")
        for task, (state, detail) in o.tasks.items():
            if state == "failed":
                failed = True
                print(f"\n{o.slug} / {task}: {detail}")
    record(outcomes)
    print(f"\n{len(outcomes)} framework(s) in {time.perf_counter() - started:.0f} s; "
          f"written to {VERIFIED.relative_to(manifest.LAB.parent)}")
    return 1 if failed else 0
