"""Small helpers that make catalogue rows for tests, with sensible defaults."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from catalogue.models import (
    Axis,
    CatalogueRevision,
    Framework,
    Scenario,
    ScenarioWeight,
    Status,
    Trait,
    TraitType,
    TraitValue,
)

_seq = itertools.count(1)
VERIFIED = datetime.date(2026, 11, 1)


def make_axis(**kwargs: Any) -> Axis:
    n = next(_seq)
    defaults = {"slug": f"axis-{n}", "name": f"Axis {n}", "order": n}
    return Axis.objects.create(**{**defaults, **kwargs})


def make_trait(**kwargs: Any) -> Trait:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "slug": f"trait-{n}",
        "name": f"Trait {n}",
        "type": TraitType.SUPPORT,
        "description": "What it means.",
        "order": n,
    }
    params = {**defaults, **kwargs}
    if "axis" not in params:
        params["axis"] = make_axis()
    if params["type"] == TraitType.NUMBER and "direction" not in kwargs:
        params["direction"] = "higher"
    if params["type"] == TraitType.NUMBER:
        params.setdefault("scale_low", 0.0)
        params.setdefault("scale_high", 1000.0)
    return Trait.objects.create(**params)


def make_framework(**kwargs: Any) -> Framework:
    n = next(_seq)
    defaults = {
        "slug": f"framework-{n}",
        "name": f"Framework {n}",
        "kind": "micro",
        "wsgi": True,
        "summary": "A framework for tests.",
        "status": Status.PUBLISHED,
    }
    return Framework.objects.create(**{**defaults, **kwargs})


def make_value(framework: Framework, trait: Trait, value: Any, **kwargs: Any) -> TraitValue:
    row = TraitValue(framework=framework, trait=trait)
    row.set_value(value)
    if value is None:
        row.note = kwargs.pop("note", "Not documented.")
    else:
        row.source_url = kwargs.pop("source_url", "https://example.org/docs")
        row.verified_on = kwargs.pop("verified_on", VERIFIED)
        row.applies_to_version = kwargs.pop("applies_to_version", "1.0")
    for key, val in kwargs.items():
        setattr(row, key, val)
    row.full_clean()
    row.save()
    return row


def make_scenario(
    weights: dict[Any, int] | None = None, must_haves: list[Trait] = (), **kwargs: Any
) -> Scenario:
    n = next(_seq)
    defaults = {
        "slug": f"scenario-{n}",
        "name": f"Scenario {n}",
        "summary": "A use case.",
        "rationale": "Because.",
        "status": Status.PUBLISHED,
    }
    scenario = Scenario.objects.create(**{**defaults, **kwargs})
    for criterion, weight in (weights or {}).items():
        if isinstance(criterion, Axis):
            ScenarioWeight.objects.create(scenario=scenario, axis=criterion, weight=weight)
        else:
            ScenarioWeight.objects.create(scenario=scenario, trait=criterion, weight=weight)
    scenario.must_haves.set(must_haves)
    return scenario


def make_many_frameworks(count: int) -> list[Framework]:
    """`count` published frameworks, each with a known value for every trait,
    written in bulk (for query-count tests at catalogue sizes)."""
    frameworks = Framework.objects.bulk_create(
        Framework(
            slug=f"bulk-{i}",
            name=f"Bulk {i:04d}",
            kind="micro",
            wsgi=True,
            summary="Synthetic.",
            status=Status.PUBLISHED,
            first_release_year=2000 + i % 25,
        )
        for i in range(count)
    )
    traits = list(Trait.objects.all())
    samples = {
        TraitType.BOOLEAN: True,
        TraitType.SUPPORT: "built-in",
        TraitType.SCALE: 3,
        TraitType.NUMBER: 10.0,
        TraitType.TEXT: "text",
    }
    rows = []
    for framework in frameworks:
        for trait in traits:
            row = TraitValue(
                framework=framework,
                trait=trait,
                source_url="https://example.org",
                verified_on=VERIFIED,
            )
            row.set_value(samples[trait.type])
            rows.append(row)
    TraitValue.objects.bulk_create(rows, batch_size=2000)
    CatalogueRevision.bump()  # bulk writes send no signals: say the catalogue changed
    return frameworks
