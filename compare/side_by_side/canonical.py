"""Canonical URLs. Comparisons: lowercase slugs, no duplicates, alphabetical
order, current slugs instead of aliases. Decisions: the query string
`Decision.query` writes (criteria in a fixed order, plain numbers, no repeats or
empty items, only what differs from the scenario). Plain functions: the view
supplies the lookups."""

from __future__ import annotations

import difflib
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


def named(spec: str) -> set[str]:
    """The distinct names a comparison URL gives (before any lookup)."""
    return {part.lower() for part in split_spec(spec)}


def close_matches(
    text: str, names: Mapping[str, str], aliases: Mapping[str, str], limit: int = 3
) -> list[str]:
    """The slugs of frameworks whose slug, name (`names`: slug -> name) or alias
    (`aliases`: alias -> slug) is close to `text`, closest first."""
    keys = {slug: slug for slug in names}
    keys.update({name.lower(): slug for slug, name in names.items()})
    keys.update({alias: slug for alias, slug in aliases.items() if slug in names})
    # A name is at most 80 characters: a longer text matches nothing, and
    # comparing it would cost time in proportion to its length.
    found: list[str] = []
    for match in difflib.get_close_matches(text.lower()[:100], keys, n=limit * 2, cutoff=0.6):
        if keys[match] not in found:
            found.append(keys[match])
    return found[:limit]
