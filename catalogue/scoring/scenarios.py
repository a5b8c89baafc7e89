"""A scenario's weights and must-haves, as the scoring module takes them."""

from __future__ import annotations

from catalogue.models import Scenario


def scenario_weights(scenario: Scenario) -> dict[str, int]:
    """Criterion slug (axis or trait) -> weight, from prefetched weights."""
    return {w.criterion_slug: w.weight for w in scenario.weights.all()}


def scenario_must_haves(scenario: Scenario) -> list[str]:
    return sorted(t.slug for t in scenario.must_haves.all())
