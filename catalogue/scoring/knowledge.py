"""Team knowledge (`know=<framework>`): one criterion that credits the frameworks a
team knows, and those close enough to them that the knowledge carries over.

What carries over comes from the catalogue's data, never from taste:
- a toolkit and the framework it builds on (`builds_on`: Django REST framework
  and Django Ninja on Django; Connexion on Starlette), either way round;
- frameworks that share an API, as a trait says (`flask-compatible`: Flask and
  Quart).

A known framework scores 1 on the criterion, one that shares its API or builds
on it (or that it builds on) `RELATED`, every other framework 0. It is one
criterion with its own weight (`w=team-knowledge:N`, 5 by default), scored,
sampled, tipped and explained like the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from catalogue.scoring.engine import Matrix, TraitInfo

KNOWLEDGE = "team-knowledge"
KNOWN = 1.0
# Most of what a team knows carries over (routing, request objects, the ORM a
# toolkit inherits), but not all (a toolkit's own serializers, an async port's
# event loop): a related framework earns three quarters of the credit.
RELATED = 0.75
# Boolean traits that say "this framework shares that one's API".
SHARED_API = {"flask-compatible": "flask"}

Relations = Mapping[str, str]  # framework slug -> the slug of the framework it builds on


def related(matrix: Matrix, relations: Relations, slug: str) -> set[str]:
    """The frameworks a team that knows `slug` partly knows already."""
    close = {fw for fw, host in relations.items() if host == slug}
    if slug in relations:
        close.add(relations[slug])
    for trait, origin in SHARED_API.items():
        sharing = {fw for fw in matrix.frameworks if matrix.value(fw, trait) is True}
        sharing.add(origin)
        if slug in sharing:
            close |= sharing
    close.discard(slug)
    return close


def credits(matrix: Matrix, known: Iterable[str], relations: Relations) -> dict[str, float]:
    """Per framework: its credit on the team-knowledge criterion (0..1)."""
    result = dict.fromkeys(matrix.frameworks, 0.0)
    for slug in known:
        for other in related(matrix, relations, slug):
            if other in result:
                result[other] = max(result[other], RELATED)
        if slug in result:
            result[slug] = KNOWN
    return result


def with_knowledge(matrix: Matrix, known: Iterable[str], relations: Relations) -> Matrix:
    """The matrix with one more scored column, team knowledge (shown in no axis)."""
    trait = TraitInfo(
        KNOWLEDGE,
        "Team knowledge",
        axis="team",
        type="number",
        direction="higher",
        share=0,
        low=0.0,
        high=1.0,
    )
    values = credits(matrix, known, relations)
    extended = Matrix(
        frameworks=matrix.frameworks,
        axes=matrix.axes,
        traits=[*matrix.traits, trait],
        values={**matrix.values, **{(fw, KNOWLEDGE): v for fw, v in values.items()}},
    )
    # The existing columns are normalised already; the new one is its own 0..1.
    column = np.array([[values[fw]] for fw in matrix.frameworks], dtype=float)
    extended.__dict__["norm"] = np.hstack([matrix.norm, column])
    return extended
