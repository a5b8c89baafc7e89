"""How much each trait weighs in the decisions people make here: the mean, over
the published scenarios, of each trait's share of the scenario's weight (a
must-have counts as a tenth more). "Where they differ most" ranks a
comparison's rows by it, so an admin or WebSockets beat a release count or a
trait that is shown but never scored.

Computed from the traits' axes and shares alone (an axis's weight is spread
over its scored traits by share, as the decision matrix does), so it does not
depend on which frameworks are compared or on any value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from catalogue.scoring.engine import TraitInfo

MUST_HAVE = 0.1


def trait_shares(traits: list[TraitInfo], weights: Mapping[str, float]) -> dict[str, float]:
    """Trait slug -> its part of one scenario's weights (summing to 1)."""
    scored = [t for t in traits if t.scored and t.share > 0]
    by_axis: dict[str, float] = {}
    for trait in scored:
        by_axis[trait.axis] = by_axis.get(trait.axis, 0.0) + trait.share
    parts: dict[str, float] = {}
    for criterion, weight in weights.items():
        if weight <= 0:
            continue
        if criterion in by_axis:
            for trait in scored:
                if trait.axis == criterion:
                    share = weight * trait.share / by_axis[criterion]
                    parts[trait.slug] = parts.get(trait.slug, 0.0) + share
        elif any(t.slug == criterion for t in scored):
            parts[criterion] = parts.get(criterion, 0.0) + weight
    whole = sum(parts.values())
    return {slug: part / whole for slug, part in parts.items()} if whole else {}


def decision_weights(
    traits: list[TraitInfo], scenarios: Iterable[tuple[str, Mapping[str, float], list[str]]]
) -> dict[str, float]:
    """Trait slug -> its mean share of a scenario's weight. `scenarios`: (slug,
    weights by criterion, must-have trait slugs)."""
    totals: dict[str, float] = {}
    count = 0
    for _, weights, musts in scenarios:
        count += 1
        for slug, share in trait_shares(traits, weights).items():
            totals[slug] = totals.get(slug, 0.0) + share
        for must in musts:
            slug = must.partition(":")[0]
            totals[slug] = totals.get(slug, 0.0) + MUST_HAVE
    return {slug: total / count for slug, total in totals.items()} if count else {}
