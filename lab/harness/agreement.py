"""How far two ``bin/lab measure`` runs agree, as Markdown for lab/README.md:
``python -m lab.harness.agreement [current.json previous.json]``, and one run's
figures as a table: ``python -m lab.harness.agreement --table [run.json]``.

Spearman's rank correlation per figure over the frameworks both measured, and whether
each framework's primary figure lies in the other run's interval or within 10 % of it.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from lab.harness.measure import MEASURED, PREVIOUS

FIGURES = ("instr_per_request", "rps_hello_c1", "rps_hello_c64", "rps_json_c64",
           "p99_json_c64_ms", "rss_mib", "startup_ms")


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = statistics.fmean(ra), statistics.fmean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    var = (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
    return cov / var if var else 0.0


def _mean_load(run: dict) -> float:
    loads = [r["wrk"]["load_average"] for e in run["frameworks"].values()
             for r in e.get("rounds", []) if r.get("wrk", {}).get("load_average") is not None]
    return statistics.fmean(loads) if loads else float("nan")


def report(current: dict, previous: dict) -> str:
    now, before = current["frameworks"], previous["frameworks"]
    both = sorted(set(now) & set(before))
    lines = [
        f"Runs compared: {current['date']} (mean load average {_mean_load(current):.1f},"
        f" {current.get('duration_s', '?')} s) and {previous['date']} (mean load average"
        f" {_mean_load(previous):.1f}, {previous.get('duration_s', '?')} s), {len(both)}"
        " frameworks.",
        "",
        "| figure | Spearman ρ | median change | largest change |",
        "| --- | ---: | ---: | ---: |",
    ]
    for key in FIGURES:
        pairs = [(now[s]["metrics"].get(key), before[s]["metrics"].get(key)) for s in both]
        pairs = [(a, b) for a, b in pairs if a is not None and b]
        if len(pairs) < 3:
            continue
        changes = [abs(a / b - 1) for a, b in pairs]
        rho = spearman([a for a, _ in pairs], [b for _, b in pairs])
        lines.append(f"| `{key}` | {rho:.3f} | {statistics.median(changes):.1%} |"
                     f" {max(changes):.1%} |")
    outside = []
    for slug in both:
        mine = now[slug]["metrics"]["instr_per_request"]
        low, high = before[slug]["intervals"]["instr_per_request"]
        theirs = before[slug]["metrics"]["instr_per_request"]
        if not (low <= mine <= high or abs(mine / theirs - 1) <= 0.10):
            outside.append(f"{slug} ({mine} vs {theirs})")
    lines += ["", "Primary figure outside the other run's interval and more than 10 % away: "
              + (", ".join(outside) if outside else "none") + "."]
    return "\n".join(lines)


def _cell(entry: dict, key: str, scale: float = 1, digits: int = 0, ratio: bool = True) -> str:
    value = entry["metrics"].get(key)
    if value is None:
        return "not stored"
    text = f"{value * scale:.{digits}f}"
    span = entry.get("intervals", {}).get(key)
    if span:
        text += f" ({span[0] * scale:.{digits}f}–{span[1] * scale:.{digits}f})"
    r = entry.get("ratios", {}).get(key)
    if ratio and r:
        text += f" {r:.2f}×"
    return text


def table(run: dict) -> str:
    """One run's figures: median (lowest–highest round) and × its own baseline."""
    lines = [
        "| | version | server | k instructions/request | hello rps c1 | hello rps c64"
        " | json rps c64 | json p99 ms | RSS MiB | start-up ms |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [(f"bare {k.upper()}", v) for k, v in run["baselines"].items()]
    rows += sorted(((v["name"], v) for v in run["frameworks"].values()),
                   key=lambda r: r[1]["metrics"]["instr_per_request"])
    for name, e in rows:
        lines.append(
            f"| {name} | {e['version']} | {e['server']} | {_cell(e, 'instr_per_request', 1e-3)}"
            f" | {_cell(e, 'rps_hello_c1')} | {_cell(e, 'rps_hello_c64')}"
            f" | {_cell(e, 'rps_json_c64')} | {_cell(e, 'p99_json_c64_ms', digits=1)}"
            f" | {_cell(e, 'rss_mib', digits=1, ratio=False)}"
            f" | {_cell(e, 'startup_ms', ratio=False)} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--table"]:
        print(table(json.loads((Path(argv[1]) if len(argv) > 1 else MEASURED).read_text())))
        return 0
    current = Path(argv[0]) if argv else MEASURED
    previous = Path(argv[1]) if len(argv) > 1 else PREVIOUS
    print(report(json.loads(current.read_text()), json.loads(previous.read_text())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
