"""Bumping the catalogue revision, once per change or once per batch.

The bump happens inside the saving transaction, so no reader ever sees new
content under an old revision number (caches key on it). A batch (a load, a
bulk edit, one admin save with its inlines) bumps once, at its end. Each bump
records its scope: the frameworks whose values alone changed, or "anything"
(`catalogue.revision.scope` reads it). Once the transaction commits, the most visited
pages are re-rendered for the new revision (`web.cache.warming`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from catalogue.models import CatalogueRevision
from web.cache import warming


@dataclass
class _Batch:
    changed: bool = False
    frameworks: set[int] | None = field(default_factory=set)  # None: anything
    withdrawn: bool = False  # something left the public site


# Inside a batch, saves only mark the batch dirty; the batch bumps once at the end.
_batch: ContextVar[_Batch | None] = ContextVar("revision_batch", default=None)


def note_change(framework_id: int | None = None, withdrawn: bool = False) -> None:
    """Something in the catalogue changed: the values of framework `framework_id`
    only, or (None) anything. `withdrawn`: something left the public site (an
    unpublish or a delete)."""
    batch = _batch.get()
    if batch is not None:
        batch.changed = True
        batch.withdrawn = batch.withdrawn or withdrawn
        if batch.frameworks is not None and framework_id is not None:
            batch.frameworks.add(framework_id)
        else:
            batch.frameworks = None
        return
    CatalogueRevision.bump(None if framework_id is None else [framework_id], withdrawn)
    warming.schedule()


@contextmanager
def batch() -> Iterator[_Batch]:
    """Group many saves into a single revision bump."""
    state = _Batch()
    token = _batch.set(state)
    try:
        yield state
    finally:
        _batch.reset(token)
    if state.changed:
        CatalogueRevision.bump(state.frameworks, state.withdrawn)
        warming.schedule()
