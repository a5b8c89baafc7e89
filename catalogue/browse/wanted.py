"""One trait filter (`has=<trait>[:<level>]`) and the levels a filter can ask for:
shared by the filters and the search that reads filters out of a question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Q,
)

from catalogue import levels as support
from catalogue.models import (
    SupportLevel,
    Trait,
    TraitValue,
)

# The levels a filter can ask for, strongest first ("none" is not a capability).
LEVELS = list(support.ASKABLE)


DEFAULT_LEVEL = SupportLevel.FIRST_PARTY


LEVEL_CHOICES = {
    SupportLevel.BUILT_IN: "built in",
    SupportLevel.FIRST_PARTY: "built in or first-party",
    SupportLevel.THIRD_PARTY: "third-party or better",
    SupportLevel.LIMITED: "limited or better",
}


@dataclass(frozen=True)
class Wanted:
    """One `has=` filter: a trait, and for a support trait the weakest level it accepts."""

    trait: Trait
    level: str | None = None

    @property
    def slug(self) -> str:
        return self.trait.slug

    @property
    def param(self) -> str:
        """The `has=` value, short when it is the default level (old links' form)."""
        if self.level in (None, DEFAULT_LEVEL):
            return self.slug
        return f"{self.slug}:{self.level}"

    @property
    def accepted(self) -> list[str]:
        return LEVELS[: LEVELS.index(self.level) + 1] if self.level else []

    @property
    def phrase(self) -> str:
        """ "built in or first-party", or "" for a yes/no trait."""
        return LEVEL_CHOICES[self.level] if self.level else ""

    def condition(self, prefix: str = "") -> Q:
        """Values that meet this filter (`prefix` asks through a relation, "values__")."""
        if self.level is None:
            return Q(**{f"{prefix}bool_value": True})
        return Q(**{f"{prefix}support_value__in": self.accepted})

    def met_by(self, value: TraitValue | None) -> bool:
        if value is None:
            return False
        return self.accepts(value.bool_value if self.level is None else value.support_value)

    def accepts(self, value: Any) -> bool:
        """Whether a typed value (yes/no, or a support level; None when unknown)
        meets this filter."""
        if self.level is None:
            return value is True
        return value in self.accepted

    def relaxed(self) -> Wanted:
        """One rung down the ladder (the closest matches when nothing meets all)."""
        if self.level is None or self.level == LEVELS[-1]:
            return self
        return Wanted(self.trait, LEVELS[LEVELS.index(self.level) + 1])
