"""The shared cache, used so that its failure never breaks a page: every call
swallows the cache's errors, and after one fails the cache is left alone for a few
seconds (`cache_health`); pages then come from the database."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend
from django.tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

PAGE_TIMEOUT = 24 * 3600


# A cache server that fails is left alone for CACHE_RETRY_SECONDS (pages come from
# the database meanwhile, at the speed they would without a cache, instead of
# each call waiting on a refused or timed-out connection), and its outage is
# logged at most once every OUTAGE_LOG_SECONDS per process, not once per request.
CACHE_RETRY_SECONDS = 5.0
OUTAGE_LOG_SECONDS = 60.0


class _CacheHealth:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.down_until = 0.0
        self.logged_at: float | None = None

    def call(self, what: str, call: Callable[[], Any], default: Any = None) -> Any:
        if time.monotonic() < self.down_until:
            return default
        try:
            return call()
        except Exception as exc:
            now = time.monotonic()
            self.down_until = now + CACHE_RETRY_SECONDS
            if self.logged_at is None or now - self.logged_at >= OUTAGE_LOG_SECONDS:
                self.logged_at = now
                logger.warning(
                    "cache unavailable (%s failed: %s: %s); serving from the database, "
                    "trying the cache again every %.0f s",
                    what,
                    type(exc).__name__,
                    exc,
                    CACHE_RETRY_SECONDS,
                )
            return default


cache_health = _CacheHealth()


def _new_cache_settings(setting: str, **kwargs: Any) -> None:
    if setting == "CACHES":  # another cache server: nothing is known about it yet
        cache_health.reset()


setting_changed.connect(_new_cache_settings, dispatch_uid="cache-health-reset")


def cache_get(key: str) -> Any:
    return cache_health.call("get", lambda: cache.get(key))


def cache_set(key: str, value: Any, timeout: int | None = PAGE_TIMEOUT) -> None:
    cache_health.call("set", lambda: cache.set(key, value, timeout))


def cache_add(key: str, value: Any, timeout: float) -> bool | None:
    """Whether the key was added (None: the cache cannot tell)."""
    return cache_health.call("add", lambda: cache.add(key, value, timeout))


def cache_incr(key: str, timeout: int) -> int:
    """The counter at `key`, plus one (0 when the cache cannot tell)."""

    def incr() -> int:
        cache.add(key, 0, timeout)
        return cache.incr(key)

    return cache_health.call("incr", incr, 0)


def cache_get_many(keys: list[str]) -> dict[str, Any]:
    return cache_health.call("get_many", lambda: cache.get_many(keys), {})


def cache_set_many(values: dict[str, Any], timeout: int) -> None:
    cache_health.call("set_many", lambda: cache.set_many(values, timeout))


def cache_delete(key: str) -> None:
    cache_health.call("delete", lambda: cache.delete(key))


def _memo_key(kind: str, revision: int, parts: str) -> str:
    return f"{kind}:v{revision}:{hashlib.sha1(parts.encode()).hexdigest()}"


def memoized_many(kind: str, revisions: list[int], parts: str) -> dict[int, Any]:
    """What `memoize` already holds for these revisions (and `parts`), in one call to
    the cache: revision -> value, for those it holds."""
    keys = {_memo_key(kind, revision, parts): revision for revision in revisions}
    found = cache_get_many(list(keys))
    return {keys[key]: value for key, value in found.items() if value is not None}


# Values `memoize(local=True)` also keeps in this process, as read from the shared
# cache: the newest LOCAL_ENTRIES of them.
LOCAL_ENTRIES = 64
_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


def memoize(
    kind: str, revision: int, parts: str, compute: Callable[[], Any], local: bool = False
) -> Any:
    """A value computed once per catalogue revision (and `parts`), shared by servers.

    `local`: for a value every request of a kind reads (the scenarios with their
    weights, say), this process keeps its own copy too, so it is not unpickled
    again for each request (2.5 ms for the scenarios, a tenth of a new decision).
    The copy is used only while the shared cache still holds the value (one
    existence check), so clearing the cache clears it too."""
    key = _memo_key(kind, revision, parts)
    if local:
        with _local_lock:
            held = _local.get(key)
        if held is not None and cache_health.call("has_key", lambda: cache.has_key(key), False):
            return held
    value = cache_get(key)
    if value is None:
        value = compute()
        cache_set(key, value)
    if local and value is not None:
        with _local_lock:
            _local[key] = value
            _local.move_to_end(key)
            while len(_local) > LOCAL_ENTRIES:
                _local.popitem(last=False)
    return value


def shared_with_tasks() -> bool:
    """Whether what a task renders reaches this process's cache: a shared cache
    (Redis), or tasks run in this process (the immediate backend). A
    local-memory cache with a task worker elsewhere is neither: a page rendered
    there would never be served here."""
    if not isinstance(caches["default"], LocMemCache):
        return True
    # The dummy backend (tests) keeps tasks without running them anywhere.
    return isinstance(task_backends["default"], (ImmediateBackend, DummyBackend))
