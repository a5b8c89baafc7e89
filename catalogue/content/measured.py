"""The lab's measurements (lab/results/measured.json, written by `bin/lab measure`)
as typed trait values: origin "measured", the framework's lab section as the
source, and the setup in the note, so every figure says how it was obtained."""

from __future__ import annotations

import datetime
import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from catalogue.models import Framework, Origin, Trait, TraitValue
from catalogue.revision import changes as revision

RESULTS = Path(__file__).resolve().parents[2] / "lab" / "results" / "measured.json"
# The lab keeps two runs; the published tail latency comes from both together (a p99 at
# 64 connections moves by half between runs, and a stall in one run is load, not the
# framework), so importing either run publishes the same tail latency.
KEPT = ("measured.json", "measured-previous.json")
TAIL = "p99_json_c64_ms"


@dataclass(frozen=True)
class Measure:
    trait: str
    describe: str


# Trait slug -> how its value is derived from one framework's result.
MEASURES = (
    Measure(
        "throughput",
        "requests per unit of CPU (instructions per request under callgrind), % of a bare "
        "ASGI app on Uvicorn",
    ),
    Measure(
        "tail-latency",
        "JSON-validation p99 latency at 64 connections, × a bare ASGI app's in the same round; "
        "median over the rounds of both kept runs that are not stalls",
    ),
    Measure("memory", "resident memory of the serving processes after warm-up, MiB"),
    Measure("startup-time", "start-up to the first answered request, ms"),
    Measure("installed-size", "installed size with dependencies, MiB"),
)
# How a value's interval is written in its note (and read back by the scoring's
# robustness sampling): "interval 41.2-44.0" with an en dash.
INTERVAL = re.compile(r"interval (\d+(?:\.\d+)?)\u2013(\d+(?:\.\d+)?)")


class ResultsError(Exception):
    """The results file is missing, malformed or names what the catalogue lacks."""


def _cpu(metrics: dict[str, Any]) -> float:
    return metrics["instr_per_request"]


def derive(result: dict[str, Any], baselines: dict[str, Any]) -> dict[str, float | None]:
    """Trait values for one framework's result (keys as in `MEASURES`). Speed is
    relative to one reference, the bare ASGI app on Uvicorn in the same run, so
    figures from different machines compare and WSGI and ASGI frameworks share a
    yardstick. Throughput is the primary figure, CPU cost: the bare app's instructions
    per request over the framework's (how many of its requests one core serves, as a
    share of the bare app's). A p99 the lab flagged for investigation is not stored
    (None)."""
    metrics = result["metrics"]
    asgi = baselines["asgi"]["metrics"]
    p99 = metrics.get("p99_json_c64_ms")
    return {
        "throughput": round(100 * _cpu(asgi) / _cpu(metrics), 1),
        "tail-latency": round(p99 / asgi["p99_json_c64_ms"], 2) if p99 is not None else None,
        "memory": round(metrics["rss_mib"], 1),
        "startup-time": round(metrics["startup_ms"]),
        "installed-size": round(metrics["install_kib"] / 1024, 1),
    }


def intervals(result: dict[str, Any], baselines: dict[str, Any]) -> dict[str, tuple]:
    """Per trait, the lowest and highest value the rounds allow (the framework's
    interval against the baseline's median), where the run has one."""
    spans = result.get("intervals") or {}
    asgi = baselines["asgi"]["metrics"]
    out: dict[str, tuple] = {}
    if "instr_per_request" in spans:
        low, high = spans["instr_per_request"]
        out["throughput"] = (round(100 * _cpu(asgi) / high, 1), round(100 * _cpu(asgi) / low, 1))
    if "p99_json_c64_ms" in spans and result["metrics"].get("p99_json_c64_ms") is not None:
        low, high = spans["p99_json_c64_ms"]
        base = asgi["p99_json_c64_ms"]
        out["tail-latency"] = (round(low / base, 2), round(high / base, 2))
    if "rss_mib" in spans:
        out["memory"] = tuple(round(v, 1) for v in spans["rss_mib"])
    if "startup_ms" in spans:
        out["startup-time"] = tuple(round(v) for v in spans["startup_ms"])
    return out


def companion(path: Path) -> Path | None:
    """The other kept run beside a kept run (None for a run that is not one of the two)."""
    if path.name not in KEPT:
        return None
    other = path.with_name(KEPT[1 - KEPT.index(path.name)])
    return other if other.is_file() else None


def _tail_rounds(data: dict[str, Any], slug: str, label: str) -> tuple[list[float], list[str]]:
    """One run's rounds of a framework's JSON p99 as multiples of the bare ASGI app's p99
    in the same round (its median when that round stalled), and the rounds left out as
    stalls (the lab's `investigate`: a p99 more than 10× that round's median)."""
    entry, base = data["frameworks"].get(slug), data["baselines"]["asgi"]
    if entry is None:
        return [], []

    def stalled(e: dict[str, Any]) -> dict[Any, dict[str, Any]]:
        return {f.get("round"): f for f in e.get("investigate", []) if f["figure"] == TAIL}

    mine, theirs = stalled(entry), stalled(base)
    if None in mine:  # a run that flagged the whole figure, not rounds
        return [], [f"{label}: {mine[None]['reason']}"]
    base_rounds = {r["round"]: r["wrk"].get(TAIL) for r in base.get("rounds", [])
                   if r.get("wrk") and r["round"] not in theirs}
    base_median = base["metrics"].get(TAIL)
    ratios = []
    for r in entry.get("rounds", []):
        wrk = r.get("wrk") or {}
        p99 = wrk.get(TAIL)
        if p99 is None or not wrk.get("p50_json_c64_ms") or r["round"] in mine:
            continue  # no request answered in that round, or a stall
        reference = base_rounds.get(r["round"]) or base_median
        if reference:
            ratios.append(p99 / reference)
    if not mine:
        return ratios, []
    times = sorted(f["p99_ms"] / f["p50_ms"] for f in mine.values())
    span = f"{times[0]:.0f}" if round(times[0]) == round(times[-1]) else (
        f"{times[0]:.0f}\u2013{times[-1]:.0f}")
    rounds = ", ".join(str(n) for n in sorted(mine))
    return ratios, [f"{label} round{'s' if len(mine) > 1 else ''} {rounds} (p99 {span}× the"
                    " median)"]


def tail_latency(data: dict[str, Any], slug: str, other: dict[str, Any] | None,
                 names: tuple[str, str] = ("this run", "the other run"),
                 ) -> tuple[float | None, tuple | None, str, str]:
    """(value, interval, stalls left out, which rounds were used) of a framework's tail latency over
    the rounds of this run and the other kept run that are not stalls. Unknown only when
    no round of either run passes."""
    ratios, left_out = _tail_rounds(data, slug, names[0])
    where = names[0]
    if other is not None:
        more, more_left = _tail_rounds(other, slug, names[1])
        where = "both kept runs" if ratios and more else (names[1] if more else names[0])
        ratios, left_out = ratios + more, left_out + more_left
    if not ratios:
        return None, None, "; ".join(left_out), ""
    value = round(statistics.median(ratios), 2)
    used = f"{len(ratios)} interleaved rounds of {where}"
    return value, (round(min(ratios), 2), round(max(ratios), 2)), "; ".join(left_out), used


def interval_from_note(note: str) -> tuple[float, float] | None:
    """The interval a measured value's note states, or None."""
    match = INTERVAL.search(note or "")
    if not match:
        return None
    low, high = float(match.group(1)), float(match.group(2))
    return (low, high) if 0 < low <= high else None


def _rounds(data: dict[str, Any]) -> str:
    settings = data.get("settings", {})
    return "median of 5 interleaved rounds" if "rounds" in settings else "one run"


def setup_note(slug: str, result: dict[str, Any], data: dict[str, Any],
               trait: str = "", interval: tuple | None = None,
               flagged: str = "", rounds: str = "") -> str:
    machine = data.get("machine", {})
    metrics = result["metrics"]
    asgi = data["baselines"]["asgi"]
    parts = [str(machine.get("cpu") or "")]
    if machine.get("cores"):
        parts.append(f"{machine['cores']} cores")
    parts.append(str(machine.get("memory") or ""))
    where = ", ".join(p for p in parts if p)
    figures = []
    if "instr_per_request" in metrics:
        figures.append(
            f"CPU: {metrics['instr_per_request'] / 1000:.0f}k instructions per request under "
            f"callgrind (bare ASGI app: {asgi['metrics']['instr_per_request'] / 1000:.0f}k)"
        )
    figures.append(
        f"{metrics['rps_hello_c64']:.0f} requests/s at 64 connections (bare ASGI app on "
        f"{asgi.get('server', 'the same server')}: {asgi['metrics']['rps_hello_c64']:.0f})"
    )
    if metrics.get("p99_json_c64_ms") is not None:
        figures.append(f"p99 {metrics['p99_json_c64_ms']:.1f} ms")
    load = data.get("load_average", {})
    busy = f"; load average {load.get('start')} to {load.get('end')}" if load else ""
    spread = ""
    if interval:
        spread = f" This value: {_rounds(data)}, interval {interval[0]}\u2013{interval[1]}."
    if interval and rounds:
        spread = (f" This value: median of {rounds},"
                  f" interval {interval[0]}\u2013{interval[1]}.")
    if flagged:
        spread += (f" Left out as stalls (investigated, not published): {flagged}."
                   if interval else f" Not stored: {flagged}; investigated, not published.")
    return (
        f"Lab run {data['date']}: {result.get('server', '')} "
        f"({result.get('server_settings', '')}), {result.get('workers', 1)} worker, "
        f"Python {data.get('python', '')}, {slug} {result.get('version', '')}"
        f"{'; machine: ' + where if where else ''}"
        f"{busy}. "
        f"Absolute: {'; '.join(figures)}.{spread} "
        f"Reproduce: {data.get('command', 'bin/lab measure')} {slug}."
    )


def read_results(path: Path = RESULTS) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["baselines"]["asgi"]["metrics"]["instr_per_request"]
        data["frameworks"].items()
        datetime.date.fromisoformat(data["date"])
    except FileNotFoundError as exc:
        raise ResultsError(f"{path}: no lab results yet (run bin/lab measure)") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResultsError(f"{path}: not a lab results file ({exc!r})") from exc
    return data


@transaction.atomic
def import_results(path: Path = RESULTS) -> int:
    """Write every measured value; returns how many values changed."""
    data = read_results(path)
    other_path = companion(path)
    other = read_results(other_path) if other_path else None
    names = (path.name, other_path.name if other_path else "")
    day = datetime.date.fromisoformat(data["date"])
    traits = {t.slug: t for t in Trait.objects.filter(slug__in=[m.trait for m in MEASURES])}
    missing = {m.trait for m in MEASURES} - set(traits)
    if missing:
        raise ResultsError(f"the catalogue has no trait(s) {', '.join(sorted(missing))}")
    frameworks = {f.slug: f for f in Framework.objects.filter(slug__in=list(data["frameworks"]))}
    changed = 0
    with revision.batch():
        for slug, result in sorted(data["frameworks"].items()):
            framework = frameworks.get(slug)
            if framework is None:
                raise ResultsError(f"{path}: no framework {slug!r} in the catalogue")
            try:
                values = derive(result, data["baselines"])
                spans = intervals(result, data["baselines"])
                tail, span, stalls, used = tail_latency(data, slug, other, names)
                values["tail-latency"] = tail
                spans.pop("tail-latency", None)
                if span:
                    spans["tail-latency"] = span
                notes = {
                    m.trait: setup_note(
                        slug, result, data, m.trait, spans.get(m.trait),
                        *((stalls, used) if m.trait == "tail-latency" else ()),
                    )
                    for m in MEASURES
                }
            except (KeyError, TypeError, ZeroDivisionError) as exc:
                raise ResultsError(f"{path}: {slug}: incomplete result ({exc!r})") from exc
            for measure in MEASURES:
                changed += _write(
                    framework,
                    traits[measure.trait],
                    values[measure.trait],
                    {
                        "note": notes[measure.trait],
                        "source_url": f"/frameworks/{slug}/#lab",
                        "applies_to_version": str(result.get("version", "")),
                        "verified_on": day,
                        "origin": Origin.MEASURED,
                    },
                )
    return changed


def _write(framework: Framework, trait: Trait, value: float | None, fields: dict[str, Any]) -> int:
    row = TraitValue.objects.filter(framework=framework, trait=trait).first()
    row = row or TraitValue(framework=framework, trait=trait)
    before = (
        row.number_value,
        row.note,
        row.source_url,
        row.applies_to_version,
        row.verified_on,
        row.origin,
    )
    row.set_value(None if value is None else float(value))
    for name, field_value in fields.items():
        setattr(row, name, field_value)
    after = (
        row.number_value,
        row.note,
        row.source_url,
        row.applies_to_version,
        row.verified_on,
        row.origin,
    )
    if row.pk and before == after:
        return 0
    row.full_clean(validate_unique=False, validate_constraints=False)
    row.save()
    return 1
