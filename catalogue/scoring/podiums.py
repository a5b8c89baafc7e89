"""Rankings every page shares, computed once per catalogue revision from the
shared matrix: the published scenarios' criteria and podiums ("fits best" on a
framework's page), and a framework's nearest alternatives."""

from __future__ import annotations

from catalogue.models import (
    Scenario,
)
from catalogue.revision import scope
from catalogue.scoring.engine import nearest
from catalogue.scoring.matrix import current_matrix
from catalogue.scoring.scenarios import scenario_must_haves, scenario_weights
from catalogue.scoring.stacks import stacked_podium
from web.cache.store import memoize


def ranked_scenarios(revision: int) -> list[Scenario]:
    """The published scenarios with their weights and must-haves: read once per
    change to more than values (scenarios change with nothing else)."""
    since = scope.last_global_change(revision)
    return memoize("scenarios", since, "", lambda: list(Scenario.objects.for_ranking()), local=True)


def scenario_criteria(revision: int) -> list[tuple[str, dict[str, int], list[str]]]:
    """Each published scenario's slug, weights and must-haves, in order: read once
    per change to more than values (scenarios change with nothing else)."""

    return [
        (s.slug, scenario_weights(s), scenario_must_haves(s)) for s in ranked_scenarios(revision)
    ]


def scenario_podiums(revision: int) -> dict[str, tuple[list[str], int]]:
    """Each published scenario's top three and how many it ranks: computed once per
    catalogue revision from the shared matrix, shared by every framework page."""

    def compute() -> dict[str, tuple[list[str], int]]:
        matrix = current_matrix(revision)
        return {
            slug: stacked_podium(matrix, weights, must)
            for slug, weights, must in scenario_criteria(revision)
        }

    return memoize("podiums", revision, "", compute, local=True)


def nearest_alternatives(revision: int, slug: str) -> list[tuple[str, str]]:
    """The three published frameworks most like `slug` (none for a draft)."""
    matrix = current_matrix(revision)
    if slug not in matrix.row_of:
        return []
    return [(other, matrix.frameworks[other]) for other in nearest(matrix, slug, 3)]
