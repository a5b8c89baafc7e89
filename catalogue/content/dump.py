"""Writing the catalogue back to the YAML files `load_catalogue` reads, so work
done in the admin can be reviewed and committed, and kept as a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from catalogue import levels
from catalogue.models import Axis, Framework, Scenario, Trait, TraitType

FILE_HEADER = "# Written by `manage.py dump_catalogue`; read by `manage.py load_catalogue`.\n"


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=92,
        default_flow_style=False,
    )
    path.write_text(FILE_HEADER + text, encoding="utf-8")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _text(value: str) -> str:
    # Block scalars cannot keep trailing spaces at line ends; editors never mean them.
    return "\n".join(line.rstrip() for line in value.strip().splitlines()) + (
        "\n" if "\n" in value.strip() else ""
    )


def dump_catalogue(data_dir: Path) -> list[Path]:
    written = []
    axes = [
        {"slug": a.slug, "name": a.name, "order": a.order, "description": _text(a.description)}
        for a in Axis.objects.order_by("order", "slug")
    ]
    _write(data_dir / "axes.yaml", axes)
    written.append(data_dir / "axes.yaml")

    traits = []
    for t in Trait.objects.select_related("axis").order_by("axis__order", "order", "slug"):
        row: dict[str, Any] = {"slug": t.slug, "name": t.name, "axis": t.axis.slug, "type": t.type}
        if t.unit:
            row["unit"] = t.unit
        if t.direction:
            row["direction"] = t.direction
        if t.is_key:
            row["key"] = True
        if t.axis_share != 1.0:
            row["share"] = _number(t.axis_share)
        if t.family:
            row["family"] = t.family
        if t.never_stale:
            row["never_stale"] = True
        if t.scale_low is not None and t.scale_high is not None:
            row["scale"] = {"low": _number(t.scale_low), "high": _number(t.scale_high)}
            if t.log_scale:
                row["scale"]["log"] = True
        row["description"] = _text(t.description)
        if t.rubric:
            row["rubric"] = _ordered_rubric(t.rubric)
        traits.append(row)
    _write(data_dir / "traits.yaml", traits)
    written.append(data_dir / "traits.yaml")

    folder = data_dir / "frameworks"
    frameworks = Framework.objects.select_related("builds_on").prefetch_related(
        "aliases", "values__trait__axis"
    )
    for f in frameworks.order_by("slug"):
        path = folder / f"{f.slug}.yaml"
        _write(path, _framework(f))
        written.append(path)

    scenarios = []
    for s in Scenario.objects.with_criteria().order_by("order", "slug"):
        weights = sorted(
            s.weights.all(),
            key=lambda w: (0, w.axis.order, "") if w.axis_id else (1, w.trait.order, w.trait.slug),
        )
        scenarios.append(
            {
                "slug": s.slug,
                "name": s.name,
                "summary": s.summary,
                "rationale": _text(s.rationale),
                "origin": s.origin,
                "weights": {w.criterion_slug: w.weight for w in weights},
                "must_haves": sorted(t.slug for t in s.must_haves.all()),
                "status": s.status,
            }
        )
    _write(data_dir / "scenarios.yaml", scenarios)
    written.append(data_dir / "scenarios.yaml")
    return written


# A rubric's keys in reading order (PostgreSQL's jsonb does not keep the order written).
RUBRIC_ORDER = (
    *levels.ORDER,
    "yes", "no", "5", "4", "3", "2", "1", "value", "unknown", "borderline",
)  # fmt: skip


def _ordered_rubric(rubric: dict[str, Any]) -> dict[str, Any]:
    def rank(key: str) -> tuple[int, str]:
        return (RUBRIC_ORDER.index(key), "") if key in RUBRIC_ORDER else (len(RUBRIC_ORDER), key)

    return {key: rubric[key] for key in sorted(rubric, key=rank)}


def _framework(f: Framework) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": f.slug,
        "name": f.name,
        "aliases": sorted(a.slug for a in f.aliases.all()),
        "kind": f.kind,
        "wsgi": f.wsgi,
        "asgi": f.asgi,
        "own_server": f.own_server,
        **({"builds_on": f.builds_on.slug} if f.builds_on_id else {}),
        "summary": f.summary,
        "description": _text(f.description),
        "homepage": f.homepage,
        "docs": f.docs_url,
        "repository": f.repository_url,
        "package": f.package_name,
        "licence": f.licence,
        "first_release_year": f.first_release_year,
        "latest_version": f.latest_version,
        "latest_release": f.latest_release,
        "status": f.status,
        "values": {},
    }
    rows = sorted(f.values.all(), key=lambda v: (v.trait.axis.order, v.trait.order, v.trait.slug))
    for v in rows:
        cell: dict[str, Any] = {}
        value = v.value
        if value is None:
            cell["value"] = "unknown"
        elif v.trait.type == TraitType.NUMBER:
            cell["value"] = _number(value)
        else:
            cell["value"] = value
        if v.source_url:
            cell["source"] = v.source_url
        if v.applies_to_version:
            cell["version"] = v.applies_to_version
        if v.verified_on:
            cell["verified"] = v.verified_on
        if v.origin != "curated":
            cell["origin"] = v.origin
        if v.inherited:
            cell["inherited"] = True
        if v.note:
            cell["note"] = v.note
        data["values"][v.trait.slug] = cell
    return data
