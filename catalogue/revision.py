"""Bumping the catalogue revision, once per change or once per batch.

The bump happens inside the saving transaction, so no reader ever sees new
content under an old revision number (caches key on it). A batch (a load, a
bulk edit, one admin save with its inlines) bumps once, at its end. Once the
transaction commits, the most visited pages are re-rendered for the new revision
(`catalogue.warming`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from catalogue import warming
from catalogue.models import CatalogueRevision

# Inside a batch, saves only mark the batch dirty; the batch bumps once at the end.
_batch: ContextVar[list[bool] | None] = ContextVar("revision_batch", default=None)


def note_change() -> None:
    batch = _batch.get()
    if batch is not None:
        batch[0] = True
        return
    CatalogueRevision.bump()
    warming.schedule()


@contextmanager
def batch() -> Iterator[list[bool]]:
    """Group many saves into a single revision bump."""
    state = [False]
    token = _batch.set(state)
    try:
        yield state
    finally:
        _batch.reset(token)
    if state[0]:
        CatalogueRevision.bump()
        warming.schedule()
