"""What each recent catalogue revision changed.

Every bump records its scope in the revision row itself (`CatalogueRevision.recent`):
the frameworks whose values alone changed, or "anything" (a trait, a framework's
own fields, a scenario, a bulk write). The row is read on every request anyway
(`CatalogueRevision.current`), which hands it here, so knowing what changed costs
no query. Work that depends on a few frameworks (a comparison of six, one
framework's values) or that can be patched row by row (the shared scoring matrix)
asks here, so an edit to one framework does not make everything cold.

The row also names the last revision that took something off the public site
("w:<n>": an unpublish or a delete), so no page from before it is served stale.

The row holds, besides the last `KEEP` revisions' scopes, the last revision that
changed more than values ("g:<n>") and, for each framework whose values changed
since, the last revision that changed them ("f:<slug>:<n>"), so the answer for the
latest revision stays exact however many edits follow (a long editing session does
not make everything cold). Questions about older revisions read the recorded few,
and revisions older than those count as having changed anything.
"""

from __future__ import annotations

import threading
import time

# How many revisions the row remembers; a scope naming more frameworks than
# `WIDE` is recorded as "anything".
KEEP = 64
WIDE = 50
ANYTHING = "*"

_lock = threading.Lock()
_seen: tuple[int, str] | None = None  # the latest (number, recent) observed
_entries: list[tuple[int, frozenset[str] | None]] = []  # oldest first; None: anything
_first_seen: tuple[int, float] = (-1, 0.0)  # the latest number, and when this process saw it
_global: int = 0  # the last revision that changed more than values
_last: dict[str, int] = {}  # per framework changed since `_global`, its last revision
_withdrawn: int = 0  # the last revision that took something off the public site


def parse(recent: str) -> list[tuple[int, frozenset[str] | None]]:
    """`recent` as (revision, frameworks or None), oldest first."""
    entries = []
    for line in recent.splitlines():
        number, _, slugs = line.partition(":")
        if number.isdigit():
            scope = None if slugs == ANYTHING else frozenset(s for s in slugs.split(",") if s)
            entries.append((int(number), scope))
    return entries


def parse_latest(recent: str) -> tuple[int, dict[str, int]]:
    """The last revision that changed more than values, and each framework's last
    revision after it. A row written before these were kept: the revision before
    the oldest recorded one (what that row could tell)."""
    glob: int | None = None
    last: dict[str, int] = {}
    for line in recent.splitlines():
        kind, _, rest = line.partition(":")
        if kind == "g" and rest.isdigit():
            glob = int(rest)
        elif kind == "f":
            slug, _, number = rest.rpartition(":")
            if number.isdigit():
                last[slug] = int(number)
    if glob is None:
        entries = parse(recent)
        glob = entries[0][0] - 1 if entries else 0
        for number, scope in entries:
            if scope is None:
                glob, last = number, {}
            else:
                last.update(dict.fromkeys(scope, number))
    return glob, last


def parse_withdrawn(recent: str) -> int:
    """The last revision that unpublished or deleted something ("w:<n>"), or 0."""
    for line in recent.splitlines():
        kind, _, rest = line.partition(":")
        if kind == "w" and rest.isdigit():
            return int(rest)
    return 0


def record(recent: str, number: int, slugs: list[str] | None, withdrawn: bool = False) -> str:
    """`recent` with revision `number`'s scope added (and the oldest dropped).
    `withdrawn`: it took something off the public site (an unpublish, a delete)."""
    glob, last = parse_latest(recent)
    last_withdrawn = number if withdrawn else parse_withdrawn(recent)
    if slugs is None or len(slugs) > WIDE:
        scope, glob, last = ANYTHING, number, {}
    else:
        scope = ",".join(sorted(slugs))
        last.update(dict.fromkeys(slugs, number))
    entries = [line for line in recent.splitlines() if line[:1].isdigit()]
    entries = [*entries, f"{number}:{scope}"][-KEEP:]
    latest = [f"g:{glob}", *(f"f:{slug}:{n}" for slug, n in sorted(last.items()))]
    if last_withdrawn:
        latest.insert(1, f"w:{last_withdrawn}")
    return "\n".join([*latest, *entries])


def observe(number: int, recent: str) -> None:
    """The revision row as just read (called by `CatalogueRevision.current`)."""
    global _seen, _entries, _first_seen, _global, _last, _withdrawn
    if _seen == (number, recent):
        return
    entries = [e for e in parse(recent) if e[0] <= number]
    glob, last = parse_latest(recent)
    withdrawn = parse_withdrawn(recent)
    with _lock:
        _seen, _entries = (number, recent), entries
        _global, _last, _withdrawn = glob, last, withdrawn
        if number > _first_seen[0]:
            _first_seen = (number, time.monotonic())


def age(number: int) -> float:
    """Seconds since this process first saw revision `number` as the latest (0 if
    it has not yet, infinity for one it saw superseded)."""
    seen, at = _first_seen
    if number > seen:
        return 0.0
    if number < seen:
        return float("inf")
    return time.monotonic() - at


def _known_from() -> int:
    """The oldest revision whose scope is recorded (everything before it: anything)."""
    return _entries[0][0] if _entries else (_seen[0] + 1 if _seen else 1 << 62)


def content_revision(revision: int, slugs: list[str]) -> int:
    """The last revision, up to `revision`, that changed anything a view of only
    these frameworks shows (their values, or more than values)."""
    wanted = set(slugs)
    with _lock:
        if _seen is None or revision > _seen[0]:
            return revision
        exact = max([_global, *(_last.get(slug, 0) for slug in wanted)])
        if exact <= revision:
            return exact  # no later change to these: exact, however old
        last = _known_from() - 1
        for number, scope in _entries:
            if number <= revision and (scope is None or scope & wanted):
                last = number
        return max(min(last, revision), 0)


def last_global_change(revision: int) -> int:
    """The last revision, up to `revision`, that changed more than values."""
    return content_revision(revision, [])


def changed_between(old: int, new: int) -> frozenset[str] | None:
    """The frameworks whose values alone changed after revision `old` up to `new`,
    or None when anything may have changed (or it is not recorded)."""
    with _lock:
        if _seen is not None and new == _seen[0] and old <= new:
            if _global > old:
                return None
            return frozenset(slug for slug, n in _last.items() if n > old)
        if _seen is None or new > _seen[0] or old > new or old < _known_from() - 1:
            return None
        changed: set[str] = set()
        for number, scope in _entries:
            if old < number <= new:
                if scope is None:
                    return None
                changed |= scope
        return frozenset(changed)


def latest_seen() -> int | None:
    """The latest revision number this process has read, if any."""
    return _seen[0] if _seen is not None else None


def withdrawn_after(revision: int) -> bool:
    """Whether something was unpublished or deleted after `revision` (as far as
    the latest revision row seen tells): a page of then may show it."""
    return _withdrawn > revision


def forget() -> None:
    """Start again (tests roll the database back between cases)."""
    global _seen, _entries, _first_seen, _global, _last, _withdrawn
    with _lock:
        _seen, _entries, _first_seen = None, [], (-1, 0.0)
        _global, _last, _withdrawn = 0, {}, 0
