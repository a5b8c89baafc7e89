"""Canonical comparison URLs: lowercase slugs, no duplicates, alphabetical order,
current slugs instead of aliases. Plain functions: the view supplies the lookups."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

MIN_FRAMEWORKS = 2
MAX_FRAMEWORKS = 6
SEPARATOR = "-vs-"
_SPLIT = re.compile(r"-vs-", re.IGNORECASE)


@dataclass
class Resolution:
    slugs: list[str] = field(default_factory=list)  # canonical: resolved, unique, sorted
    unknown: list[str] = field(default_factory=list)  # parts that name no framework

    @property
    def spec(self) -> str:
        return SEPARATOR.join(self.slugs)


def split_spec(spec: str) -> list[str]:
    return [part for part in _SPLIT.split(spec) if part]


def resolve(spec: str, current: set[str], aliases: Mapping[str, str]) -> Resolution:
    """Map each part of `a-vs-b-vs-c` to a current slug (case-insensitively,
    through aliases), drop duplicates, sort. Unknown parts are reported, not dropped."""
    result = Resolution()
    found: set[str] = set()
    for part in split_spec(spec):
        slug = part.lower()
        slug = slug if slug in current else aliases.get(slug, "")
        if not slug:
            if part not in result.unknown:
                result.unknown.append(part)
            continue
        found.add(slug)
    result.slugs = sorted(found)
    return result


def spec_for(slugs: list[str]) -> str:
    return SEPARATOR.join(sorted({slug.lower() for slug in slugs}))
