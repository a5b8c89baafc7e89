"""A large synthetic catalogue for the benchmark: same models, random but
reproducible values (seeded), about one value in ten unknown."""

from __future__ import annotations

import datetime
import random

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

TYPES = (
    [TraitType.SUPPORT] * 5
    + [TraitType.BOOLEAN] * 2
    + [TraitType.SCALE, TraitType.NUMBER, TraitType.TEXT]
)
KINDS = ["full-stack", "micro", "async", "data-app"]
LEVELS = ["built-in", "first-party", "third-party", "none"]


def generate(frameworks: int, traits: int, scenarios: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    axes = Axis.objects.bulk_create(
        Axis(slug=slug, name=name, order=i)
        for i, (slug, name) in enumerate(
            [
                ("scope", "Project scope & complexity"),
                ("team", "Team & velocity"),
                ("performance", "Performance & scalability"),
                ("maintenance", "Long-term maintenance"),
            ]
        )
    )
    trait_rows = []
    for i in range(traits):
        kind = TYPES[i % len(TYPES)]
        trait_rows.append(
            Trait(
                slug=f"trait-{i:03d}",
                name=f"Trait {i:03d}",
                axis=axes[i % 4],
                type=kind,
                unit="kB" if kind == TraitType.NUMBER else "",
                direction=rng.choice(["higher", "lower"]) if kind == TraitType.NUMBER else "",
                scale_low=1.0 if kind == TraitType.NUMBER else None,
                scale_high=100_000.0 if kind == TraitType.NUMBER else None,
                log_scale=kind == TraitType.NUMBER,
                description="Synthetic trait.",
                is_key=i < 8,
                order=i,
            )
        )
    trait_objs = Trait.objects.bulk_create(trait_rows)
    fw_objs = Framework.objects.bulk_create(
        Framework(
            slug=f"fw-{i:04d}",
            name=f"Framework {i:04d}",
            kind=KINDS[i % 4],
            wsgi=i % 3 != 0,
            asgi=i % 2 == 0,
            summary=f"Synthetic framework number {i}.",
            description="Synthetic **description**.",
            first_release_year=2000 + i % 25,
            latest_version=f"{1 + i % 5}.{i % 10}",
            latest_release=f"20{10 + i % 16}-0{1 + i % 9}",
            status=Status.PUBLISHED,
        )
        for i in range(frameworks)
    )
    verified = datetime.date(2026, 11, 1)
    values = []
    for fw in fw_objs:
        for trait in trait_objs:
            row = TraitValue(framework=fw, trait=trait)
            if rng.random() < 0.1:
                row.note = "Not established."
            else:
                row.set_value(_random_value(rng, trait.type))
                row.source_url = "https://example.org/docs"
                row.verified_on = verified
                row.applies_to_version = fw.latest_version
            values.append(row)
    TraitValue.objects.bulk_create(values, batch_size=5000)
    must_candidates = [t for t in trait_objs if t.type in (TraitType.SUPPORT, TraitType.BOOLEAN)]
    for i in range(scenarios):
        scenario = Scenario.objects.create(
            slug=f"scenario-{i:02d}",
            name=f"Scenario {i:02d}",
            summary="Synthetic.",
            rationale="Synthetic.",
            status=Status.PUBLISHED,
            order=i,
        )
        ScenarioWeight.objects.bulk_create(
            [ScenarioWeight(scenario=scenario, axis=a, weight=rng.randint(0, 10)) for a in axes]
            + [
                ScenarioWeight(scenario=scenario, trait=t, weight=rng.randint(1, 10))
                for t in rng.sample(trait_objs, 3)
                if t.type != TraitType.TEXT
            ]
        )
        scenario.must_haves.set(rng.sample(must_candidates, 1))
    CatalogueRevision.bump()


def _random_value(rng: random.Random, kind: str):  # type: ignore[no-untyped-def]
    if kind == TraitType.BOOLEAN:
        return rng.random() < 0.5
    if kind == TraitType.SUPPORT:
        return rng.choice(LEVELS)
    if kind == TraitType.SCALE:
        return rng.randint(1, 5)
    if kind == TraitType.NUMBER:
        return float(rng.randint(0, 10000))
    return rng.choice(["decorators", "class-based", "traversal", "callbacks"])
