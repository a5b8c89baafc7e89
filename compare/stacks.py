"""Stacks: a toolkit that builds on a host framework (Django REST framework and
Django Ninja on Django, Connexion on Starlette) is not its host's rival.

A ranking shows each host and its toolkits as one entry: the best placed of
them under the same weights (the host on a tie), labelled as the stack it is
("Django + Django Ninja"). The others are folded into that entry, so a toolkit
never sits behind or ahead of its own host, and no tipping point has a toolkit
overtake the framework it needs to run."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from compare.scoring import Matrix, podium, score, supports


def hosts(matrix: Matrix) -> dict[str, str]:
    """Toolkit slug -> host slug, for the frameworks in the matrix (`load_matrix`)."""
    known = matrix.__dict__.get("_hosts") or {}
    return {t: h for t, h in known.items() if t in matrix.frameworks}


def for_ranking(
    matrix: Matrix,
    weights: dict[str, float],
    must: Iterable[str],
    only: Iterable[str] | None,
) -> tuple[Matrix, list[str] | None]:
    """The matrix a ranking reads (toolkits named as stacks) and the frameworks it
    ranks (one per host and its toolkits). `only`: the frameworks asked for."""
    toolkits = hosts(matrix)
    wanted = set(only) if only is not None else None
    pool = [fw for fw in matrix.frameworks if wanted is None or fw in wanted]
    groups: dict[str, list[str]] = {}
    for fw in pool:
        groups.setdefault(toolkits.get(fw, fw), []).append(fw)
    result = score(matrix, weights, list(must), pool, robustness=False)
    rank = {r.slug: r.rank for r in result.ranking}
    # Members within the tie tolerance share a rank: the higher score stands, as the
    # stack's score (`by_entity`, read by tipping points) is its best member's.
    points = {r.slug: r.score or 0.0 for r in result.ranking}
    # Only a ranked toolkit stands for its stack; an eliminated one keeps its own name.
    toolkits = {t: h for t, h in toolkits.items() if t in rank}
    if all(len(members) == 1 for members in groups.values()):
        return _named(matrix, toolkits), (list(only) if only is not None else None)
    keep: set[str] = set()
    folded: dict[str, list[str]] = {}
    for root, members in groups.items():
        placed = [m for m in members if m in rank]
        if len(members) == 1 or not placed:
            keep.update(members)
            continue
        best = min(placed, key=lambda m: (rank[m], m != root, -points[m]))
        keep.add(best)
        folded[best] = [m for m in members if m != best]
    stacked = _named(matrix, toolkits)
    stacked.__dict__["_folded"] = folded
    return stacked, [fw for fw in pool if fw in keep]


def _named(matrix: Matrix, toolkits: dict[str, str]) -> Matrix:
    """The same matrix (values, caches) with each toolkit named as its stack."""
    if not toolkits:
        return matrix
    stacked = copy.copy(matrix)
    stacked.__dict__ = dict(matrix.__dict__)
    stacked.__dict__.pop("sort_names", None)
    stacked.frameworks = {
        slug: f"{matrix.frameworks[toolkits[slug]]} + {name}" if slug in toolkits else name
        for slug, name in matrix.frameworks.items()
    }
    stacked.__dict__["_stack_of"] = {t: [h, t] for t, h in toolkits.items()}
    stacked.__dict__["_plain_names"] = dict(matrix.frameworks)
    return stacked


def folded(matrix: Matrix) -> dict[str, list[str]]:
    """A framework ranked for its stack -> the other members folded into its line
    (`score(members=)`: the stack scores its best member under any weighting)."""
    return dict(matrix.__dict__.get("_folded", {}))


def mark(lines: Iterable[Any], matrix: Matrix) -> None:
    """Each ranked line's stack ([host, toolkit], or None for a framework on its own)
    and the members of its stack folded into it."""
    stack_of = matrix.__dict__.get("_stack_of", {})
    folded = matrix.__dict__.get("_folded", {})
    plain = matrix.__dict__.get("_plain_names", matrix.frameworks)
    for line in lines:
        line.stack = stack_of.get(line.slug)
        line.folded = folded.get(line.slug, [])
        line.folded_names = [plain[slug] for slug in line.folded]


def stacked_podium(
    matrix: Matrix, weights: Mapping[str, float], must: Iterable[str] = (), count: int = 3
) -> tuple[list[str], int]:
    """`scoring.podium` as a ranking shows it: a host and its toolkits take one place
    (the best placed of them), and the number ranked counts them once."""
    toolkits = hosts(matrix)
    must = list(must)
    top, ranked = podium(matrix, weights, must, count + len(toolkits))
    if not toolkits:
        return top[:count], ranked
    seen: set[str] = set()
    first = []
    for slug in top:
        root = toolkits.get(slug, slug)
        if root not in seen:
            seen.add(root)
            first.append(slug)
    roots: dict[str, int] = {}
    for slug in matrix.frameworks:
        if all(supports(matrix.value(slug, t)) for t in must):
            root = toolkits.get(slug, slug)
            roots[root] = roots.get(root, 0) + 1
    folded = sum(n - 1 for n in roots.values())
    return first[:count], ranked - folded
