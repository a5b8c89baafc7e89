"""The support levels: the one table every part of the site reads (the models'
choices, the scoring ladder, must-haves, filters, the comparison's labels and
colours). A level's wording or weight changes here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    slug: str
    label: str  # in a sentence or a form: "First-party add-on"
    short: str  # in a grid cell on a phone: "First-party"
    css: str  # the colour class of a cell, a card or a badge
    # Its place on the scoring ladder (documented on the method page): a first-party
    # add-on is nearly as good as built-in; a third-party package works but is
    # someone else's to keep up; "limited" is a partial way that misses what its
    # note says.
    ladder: float
    # Whether a must-have without a level is met by it.
    meets_must_have: bool


LEVELS: tuple[Level, ...] = (
    Level("built-in", "Built-in", "Built-in", "level-built-in", 1.0, True),
    Level("first-party", "First-party add-on", "First-party", "level-first-party", 0.8, True),
    Level("third-party", "Third-party", "Third-party", "level-third-party", 0.45, False),
    Level("limited", "Limited", "Limited", "level-limited", 0.3, False),
    Level("none", "None", "None", "level-none", 0.0, False),
)

ORDER = tuple(level.slug for level in LEVELS)  # strongest first
BY_SLUG = {level.slug: level for level in LEVELS}
LADDER = {level.slug: level.ladder for level in LEVELS}
LABELS = {level.slug: level.label for level in LEVELS}
SHORT_LABELS = {level.slug: level.short for level in LEVELS}
CSS = {level.slug: level.css for level in LEVELS}
# The levels a must-have or a filter may ask for (`must=graphql:third-party`): that
# level or better. "none" is not a capability.
ASKABLE = tuple(slug for slug in ORDER if slug != "none")
MEETS_MUST_HAVE = frozenset(level.slug for level in LEVELS if level.meets_must_have)
