"""What each catalogue revision changed, as far as this process has seen.

Every revision records its scope (`RevisionLog.frameworks`): the frameworks
whose values alone changed, or "anything". Work that depends on a few
frameworks (a comparison of six) or that can be patched row by row (the
shared scoring matrix) reads it here, so an edit to one framework does not make
everything cold. A process reads the scope of the last few revisions when it starts
(anything older counts as changed), then of each new one as it sees it.
"""

from __future__ import annotations

import threading
from collections import deque

from catalogue.models import RevisionLog

# Enough recent revisions to patch a matrix a few edits old; older ones are "anything".
_KEEP = 256


class _Index:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.seen = -1  # the revision read up to; -1: nothing yet
        self.last_global = 0  # the last revision that may have changed anything
        self.last_for: dict[str, int] = {}  # framework slug -> last revision of its values
        self.recent: deque[tuple[int, frozenset[str] | None]] = deque(maxlen=_KEEP)

    def advance(self, revision: int) -> None:
        """Read what the revisions since the last one seen changed (one query)."""
        if revision == self.seen:
            return
        if self.seen < 0 or not 0 <= revision - self.seen <= _KEEP:
            # First sight, a long gap, or the database went back (a restore, a test
            # rollback): read the last few revisions; anything older counts as changed.
            self.reset()
            self.seen = self.last_global = max(revision - _KEEP, 0)
        rows = dict(
            RevisionLog.objects.filter(number__gt=self.seen, number__lte=revision).values_list(
                "number", "frameworks"
            )
        )
        for number in range(self.seen + 1, revision + 1):
            # A revision without a log entry could have changed anything.
            scope = rows.get(number)
            if scope is None:
                self.last_global = number
                self.recent.append((number, None))
            else:
                slugs = frozenset(s for s in scope.split(",") if s)
                for slug in slugs:
                    self.last_for[slug] = number
                self.recent.append((number, slugs))
        self.seen = revision


_index = _Index()


def content_revision(revision: int, slugs: list[str]) -> int:
    """The last revision, up to `revision`, that changed anything a view of only
    these frameworks shows (their values, or anything else)."""
    with _index.lock:
        _index.advance(revision)
        return max([_index.last_global, *(_index.last_for.get(s, 0) for s in slugs)])


def last_global_change(revision: int) -> int:
    """The last revision, up to `revision`, that changed more than values."""
    with _index.lock:
        _index.advance(revision)
        return _index.last_global


def changed_between(old: int, new: int) -> frozenset[str] | None:
    """The frameworks whose values alone changed after revision `old` up to `new`,
    or None when anything may have changed (or this process cannot tell)."""
    with _index.lock:
        _index.advance(new)
        if old > new or old < _index.last_global:
            return None
        numbers = {number: scope for number, scope in _index.recent}
        changed: set[str] = set()
        for number in range(old + 1, new + 1):
            if number not in numbers or numbers[number] is None:
                return None
            changed |= numbers[number]
        return frozenset(changed)


def forget() -> None:
    """Start again (tests roll the database back between cases)."""
    with _index.lock:
        _index.reset()
