"""Reading the curated catalogue (YAML files in catalogue/data/) into the database.

Loading is idempotent: a row is written only when its content differs, so a
second load changes nothing, not even the catalogue revision.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction

from catalogue.models import (
    Axis,
    Framework,
    FrameworkAlias,
    Origin,
    Scenario,
    ScenarioWeight,
    SupportLevel,
    Trait,
    TraitType,
    TraitValue,
)
from catalogue.revision import changes as revision

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class ContentError(Exception):
    """The data files say something the catalogue cannot hold; the message says where."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        if not self.changed:
            return "The catalogue is up to date; nothing changed."
        parts = [f"created {n} {kind}" for kind, n in sorted(self.created.items())]
        parts += [f"updated {n} {kind}" for kind, n in sorted(self.updated.items())]
        return "Loaded the catalogue: " + ", ".join(parts) + "."


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: not valid YAML: {exc}") from exc


def _sync(
    model: type[models.Model],
    existing: models.Model | None,
    values: dict[str, Any],
    report: LoadReport,
    where: str,
    **identity: Any,
) -> models.Model:
    """Create or update one row so that it holds `values`; write only on a difference."""
    instance = existing or model(**identity)
    if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
        return existing
    for key, value in values.items():
        setattr(instance, key, value)
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ContentError(f"{where}: {_messages(exc)}") from exc
    instance.save()
    report.count(model._meta.verbose_name_plural, created=existing is None)
    return instance


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def _typed_value(trait: Trait, raw: Any, where: str) -> Any:
    """The YAML value as the Python value the trait's column holds (None = unknown)."""
    if raw == "unknown" or raw is None:
        return None
    kind = trait.type
    if kind == TraitType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if raw in ("yes", "no"):
            return raw == "yes"
    elif kind == TraitType.SUPPORT:
        if raw in SupportLevel.values:
            return raw
    elif kind == TraitType.SCALE:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
    elif kind == TraitType.NUMBER:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return float(raw)
    elif kind == TraitType.TEXT and isinstance(raw, str):
        return raw
    label = TraitType(kind).label.lower()
    raise ContentError(f"{where}: {raw!r} is not a valid value for a {label} trait")


def _as_text(value: Any, where: str, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ContentError(f"{where}: {name} must be quoted text, got {value!r}")
    return value


@transaction.atomic
def load_catalogue(data_dir: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    with revision.batch():
        axes = _load_axes(data_dir, report)
        traits = _load_traits(data_dir, axes, report)
        for path in _framework_files(data_dir):
            _load_framework(path, traits, report)
        _load_scenarios(data_dir, axes, traits, report)
    return report


def _framework_files(data_dir: Path) -> list[Path]:
    """Framework files in name order, a framework that builds on another after it."""
    paths = sorted((data_dir / "frameworks").glob("*.yaml"))
    later = [p for p in paths if "\nbuilds_on:" in p.read_text(encoding="utf-8")]
    return [p for p in paths if p not in later] + later


def _load_axes(data_dir: Path, report: LoadReport) -> dict[str, Axis]:
    existing = {a.slug: a for a in Axis.objects.all()}
    axes = {}
    for row in _read_yaml(data_dir / "axes.yaml"):
        slug = row["slug"]
        values = {
            "name": row["name"],
            "description": row.get("description", ""),
            "order": row.get("order", 0),
        }
        axes[slug] = _sync(
            Axis, existing.get(slug), values, report, f"axes.yaml: {slug}", slug=slug
        )
    return axes


def _load_traits(data_dir: Path, axes: dict[str, Axis], report: LoadReport) -> dict[str, Trait]:
    existing = {t.slug: t for t in Trait.objects.all()}
    traits = {}
    for order, row in enumerate(_read_yaml(data_dir / "traits.yaml"), start=1):
        slug = row["slug"]
        where = f"traits.yaml: {slug}"
        if row.get("axis") not in axes:
            raise ContentError(f"{where}: unknown axis {row.get('axis')!r}")
        values = {
            "name": row["name"],
            "axis": axes[row["axis"]],
            "type": row["type"],
            "unit": row.get("unit") or "",
            "direction": row.get("direction") or "",
            "description": row.get("description", ""),
            "is_key": bool(row.get("key", False)),
            "axis_share": float(row.get("share", 1.0)),
            "family": row.get("family") or "",
            "scale_low": _bound(row.get("scale"), 0, where),
            "scale_high": _bound(row.get("scale"), 1, where),
            "log_scale": (row.get("scale") or {}).get("log", False) is True,
            "never_stale": row.get("never_stale", False) is True,
            "rubric": _rubric(row.get("rubric"), where),
            "order": order,
        }
        traits[slug] = _sync(Trait, existing.get(slug), values, report, where, slug=slug)
    return traits


def _rubric(rubric: Any, where: str) -> dict[str, Any]:
    """`rubric: {<level>: <the test that decides it>, …, borderline: [<case>, …]}`."""
    if rubric is None:
        return {}
    if not isinstance(rubric, dict):
        raise ContentError(f"{where}: rubric must map each level to the test that decides it")
    for key, text in rubric.items():
        if key == "borderline":
            if not isinstance(text, list) or not all(isinstance(t, str) for t in text):
                raise ContentError(f"{where}: rubric borderline must be a list of cases")
        elif not isinstance(text, str):
            raise ContentError(f"{where}: rubric {key!r} must be a sentence")
    return dict(rubric)


def _bound(scale: Any, index: int, where: str) -> float | None:
    """`scale: {low: …, high: …, log: true}` of a number trait."""
    if not scale:
        return None
    value = scale.get(("low", "high")[index])
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ContentError(f"{where}: scale needs numeric low and high bounds")
    return float(value)


_FRAMEWORK_FIELDS = {
    # YAML key: model field
    "name": "name",
    "kind": "kind",
    "wsgi": "wsgi",
    "asgi": "asgi",
    "own_server": "own_server",
    "summary": "summary",
    "description": "description",
    "homepage": "homepage",
    "docs": "docs_url",
    "repository": "repository_url",
    "package": "package_name",
    "licence": "licence",
    "first_release_year": "first_release_year",
    "latest_version": "latest_version",
    "latest_release": "latest_release",
    "status": "status",
}
_TEXT_FIELDS = {"latest_version", "latest_release", "licence", "package_name"}


def _load_framework(path: Path, traits: dict[str, Trait], report: LoadReport) -> None:
    row = _read_yaml(path)
    slug = row.get("slug")
    if slug != path.stem:
        raise ContentError(f"{path.name}: slug {slug!r} does not match the file name")
    values = {}
    for key, field_name in _FRAMEWORK_FIELDS.items():
        value = row.get(key)
        if field_name in _TEXT_FIELDS or isinstance(value, datetime.date):
            value = _as_text(value, path.name, key)
        values[field_name] = value if value is not None else ""
    if values["first_release_year"] == "":
        values["first_release_year"] = None
    builds_on = row.get("builds_on")
    if builds_on:
        base = Framework.objects.filter(slug=builds_on).first()
        if base is None:
            raise ContentError(f"{path.name}: builds_on {builds_on!r} is not a loaded framework")
        values["builds_on"] = base
    else:
        values["builds_on"] = None
    framework = _sync(
        Framework, Framework.objects.filter(slug=slug).first(), values, report, path.name, slug=slug
    )

    for alias in row.get("aliases") or []:
        current = FrameworkAlias.objects.filter(slug=alias).first()
        _sync(FrameworkAlias, current, {"framework": framework}, report, path.name, slug=alias)

    unknown_traits = set(row.get("values") or {}) - set(traits)
    if unknown_traits:
        raise ContentError(f"{path.name}: no such trait(s): {', '.join(sorted(unknown_traits))}")
    existing = {v.trait_id: v for v in TraitValue.objects.filter(framework=framework)}
    for trait_slug, cell in (row.get("values") or {}).items():
        trait = traits[trait_slug]
        where = f"{path.name}: {trait_slug}"
        cell = cell or {}
        probe = TraitValue(trait=trait)
        probe.set_value(_typed_value(trait, cell.get("value"), where))
        values = {
            name: getattr(probe, name)
            for name in ("bool_value", "support_value", "scale_value", "number_value", "text_value")
        }
        values.update(
            note=(cell.get("note") or "").strip(),
            source_url=cell.get("source") or "",
            applies_to_version=_as_text(cell.get("version"), where, "version"),
            verified_on=cell.get("verified"),
            origin=cell.get("origin") or Origin.CURATED,
            inherited=cell.get("inherited", False) is True,
        )
        if values["inherited"] and framework.builds_on_id is None:
            raise ContentError(f"{where}: inherited, but {slug} builds on no framework")
        _sync(
            TraitValue,
            existing.get(trait.pk),
            values,
            report,
            where,
            framework=framework,
            trait=trait,
        )


def _load_scenarios(
    data_dir: Path, axes: dict[str, Axis], traits: dict[str, Trait], report: LoadReport
) -> None:
    path = data_dir / "scenarios.yaml"
    if not path.exists():
        return
    existing = {s.slug: s for s in Scenario.objects.prefetch_related("weights", "must_haves")}
    for order, row in enumerate(_read_yaml(path), start=1):
        slug = row["slug"]
        where = f"scenarios.yaml: {slug}"
        values = {
            "name": row["name"],
            "summary": row.get("summary", ""),
            "rationale": row.get("rationale", ""),
            "origin": row.get("origin", ""),
            "status": row.get("status", "published"),
            "order": order,
        }
        scenario = _sync(Scenario, existing.get(slug), values, report, where, slug=slug)

        wanted = {}
        for criterion, weight in (row.get("weights") or {}).items():
            if criterion not in axes and criterion not in traits:
                raise ContentError(f"{where}: weight on unknown criterion {criterion!r}")
            if not isinstance(weight, int) or not 0 <= weight <= 10:
                raise ContentError(f"{where}: weight of {criterion} must be 0..10")
            wanted[criterion] = weight
        current = {w.criterion_slug: w.weight for w in scenario.weights.all()}
        if current != wanted:
            scenario.weights.all().delete()
            ScenarioWeight.objects.bulk_create(
                ScenarioWeight(scenario=scenario, weight=w, axis=axes.get(c), trait=traits.get(c))
                for c, w in wanted.items()
            )
            revision.note_change()
            report.count("scenario weights", created=False)

        must = set(row.get("must_haves") or [])
        bad = must - set(traits)
        if bad:
            raise ContentError(f"{where}: no such must-have trait(s): {', '.join(sorted(bad))}")
        for trait_slug in must:
            if traits[trait_slug].type not in (TraitType.BOOLEAN, TraitType.SUPPORT):
                raise ContentError(f"{where}: must-have {trait_slug} is not yes/no or support")
        if {t.slug for t in scenario.must_haves.all()} != must:
            scenario.must_haves.set([traits[s] for s in sorted(must)])
            report.count("scenario must-haves", created=False)
