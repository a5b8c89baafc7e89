"""Bumping the catalogue revision, once per change or once per batch."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from catalogue.models import CatalogueRevision

# Inside a batch, saves only mark the batch dirty; the batch bumps once at the end.
_batch: ContextVar[list[bool] | None] = ContextVar("revision_batch", default=None)


def _bump() -> None:
    CatalogueRevision.bump()


def note_change() -> None:
    batch = _batch.get()
    if batch is not None:
        batch[0] = True
        return
    transaction.on_commit(_bump)


@contextmanager
def batch() -> Iterator[list[bool]]:
    """Group many saves (a load, a bulk edit) into a single revision bump."""
    state = [False]
    token = _batch.set(state)
    try:
        yield state
    finally:
        _batch.reset(token)
    if state[0]:
        transaction.on_commit(_bump)
