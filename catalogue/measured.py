"""The lab's measurements (lab/results/measured.json, written by `bin/lab measure`)
as typed trait values: origin "measured", the framework's lab section as the
source, and the setup in the note, so every figure says how it was obtained."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from catalogue import revision
from catalogue.models import Framework, Origin, Trait, TraitValue

RESULTS = Path(__file__).resolve().parent.parent / "lab" / "results" / "measured.json"


@dataclass(frozen=True)
class Measure:
    trait: str
    describe: str


# Trait slug -> how its value is derived from one framework's result.
MEASURES = (
    Measure("throughput", "hello-JSON requests/s at 64 connections, % of a bare ASGI app"),
    Measure("tail-latency", "JSON-validation p99 latency at 64 connections, × a bare ASGI app's"),
    Measure("memory", "resident memory after warm-up, MiB"),
    Measure("startup-time", "start-up to the first answered request, ms"),
    Measure("installed-size", "installed size with dependencies, MiB"),
)


class ResultsError(Exception):
    """The results file is missing, malformed or names what the catalogue lacks."""


def derive(result: dict[str, Any], baselines: dict[str, Any]) -> dict[str, float]:
    """Trait values for one framework's result (keys as in `MEASURES`). Speed is
    relative to one reference, the bare ASGI app on Uvicorn in the same run, so
    figures from different machines compare and WSGI and ASGI frameworks share a
    yardstick."""
    metrics = result["metrics"]
    asgi = baselines["asgi"]["metrics"]
    return {
        "throughput": round(100 * metrics["rps_hello_c64"] / asgi["rps_hello_c64"], 1),
        "tail-latency": round(metrics["p99_json_c64_ms"] / asgi["p99_json_c64_ms"], 2),
        "memory": round(metrics["rss_mib"], 1),
        "startup-time": round(metrics["startup_ms"]),
        "installed-size": round(metrics["install_kib"] / 1024, 1),
    }


def setup_note(slug: str, result: dict[str, Any], data: dict[str, Any]) -> str:
    machine = data.get("machine", {})
    metrics = result["metrics"]
    asgi = data["baselines"]["asgi"]
    parts = [str(machine.get("cpu") or "")]
    if machine.get("cores"):
        parts.append(f"{machine['cores']} cores")
    parts.append(str(machine.get("memory") or ""))
    where = ", ".join(p for p in parts if p)
    return (
        f"Lab run {data['date']}: {result.get('server', '')} "
        f"({result.get('server_settings', '')}), {result.get('workers', 1)} worker, "
        f"Python {data.get('python', '')}, {slug} {result.get('version', '')}"
        f"{'; machine: ' + where if where else ''}. "
        f"Absolute: {metrics['rps_hello_c64']:.0f} requests/s (bare ASGI app on "
        f"{asgi.get('server', 'the same server')}: {asgi['metrics']['rps_hello_c64']:.0f}), "
        f"p99 {metrics['p99_json_c64_ms']:.1f} ms. "
        f"Reproduce: {data.get('command', 'bin/lab measure')} {slug}."
    )


def read_results(path: Path = RESULTS) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["baselines"]["asgi"]["metrics"]["rps_hello_c64"]
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
                note = setup_note(slug, result, data)
            except (KeyError, TypeError, ZeroDivisionError) as exc:
                raise ResultsError(f"{path}: {slug}: incomplete result ({exc!r})") from exc
            for measure in MEASURES:
                changed += _write(
                    framework,
                    traits[measure.trait],
                    values[measure.trait],
                    {
                        "note": note,
                        "source_url": f"/frameworks/{slug}/#lab",
                        "applies_to_version": str(result.get("version", "")),
                        "verified_on": day,
                        "origin": Origin.MEASURED,
                    },
                )
    return changed


def _write(framework: Framework, trait: Trait, value: float, fields: dict[str, Any]) -> int:
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
    row.set_value(float(value))
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
