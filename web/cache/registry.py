"""What the page cache needs from the product, handed in at start-up.

`web/` knows nothing of frameworks: the product's apps fill this registry in
their `AppConfig.ready()` (the catalogue its revision, each page package the pages
it wants re-rendered after an edit), and the page cache and the warming read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Revisions:
    """The content revision every cache key carries, and what each one changed."""

    # The current revision (raises the database's error when it cannot answer).
    current: Callable[[], int]
    # The latest revision this process has seen, or None.
    latest_seen: Callable[[], int | None]
    # Seconds since this process first saw `revision`.
    age: Callable[[int], float]
    # Whether something left the public site after `revision`.
    withdrawn_after: Callable[[int], bool]
    # The oldest revision whose pages showing only these frameworks are still current.
    content_revision: Callable[[int, list[str]], int]


def _no_revisions() -> int:
    raise LookupError("no revision source registered (web.cache.registry.register_revisions)")


_revisions = Revisions(
    current=_no_revisions,
    latest_seen=lambda: None,
    age=lambda revision: 0.0,
    withdrawn_after=lambda revision: False,
    content_revision=lambda revision, slugs: revision,
)
# (order, paths): the pages re-rendered after an edit, most visited (lowest order) first.
_warm: list[tuple[int, Callable[[], Iterable[str]]]] = []
# Called with the new revision before its pages are re-rendered.
_prepare: list[Callable[[int], object]] = []


def register_revisions(revisions: Revisions) -> None:
    global _revisions
    _revisions = revisions


def revisions() -> Revisions:
    return _revisions


def register_pages_to_warm(order: int, paths: Callable[[], Iterable[str]]) -> None:
    """`paths()` lists pages to re-render after an edit; `order` places them among
    the other packages' (lower first). Registering the same function again is a no-op."""
    if all(existing is not paths for _, existing in _warm):
        _warm.append((order, paths))
        _warm.sort(key=lambda entry: entry[0])


def register_before_warming(prepare: Callable[[int], object]) -> None:
    """`prepare(revision)` runs once before the pages are re-rendered (work many of
    them share, computed once)."""
    if prepare not in _prepare:
        _prepare.append(prepare)


def pages_to_warm() -> list[str]:
    return [path for _, paths in _warm for path in paths()]


def before_warming(revision: int) -> None:
    for prepare in _prepare:
        prepare(revision)
