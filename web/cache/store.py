"""The shared cache, used so that its failure never breaks a page: every call
swallows the cache's errors, and after one fails the cache is left alone for a few
seconds (`cache_health`); pages then come from the database."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.core.cache import cache
from django.core.signals import setting_changed

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


def cache_get_many(keys: list[str]) -> dict[str, Any]:
    return cache_health.call("get_many", lambda: cache.get_many(keys), {})


def cache_set_many(values: dict[str, Any], timeout: int) -> None:
    cache_health.call("set_many", lambda: cache.set_many(values, timeout))


def cache_delete(key: str) -> None:
    cache_health.call("delete", lambda: cache.delete(key))


def memoize(kind: str, revision: int, parts: str, compute: Callable[[], Any]) -> Any:
    """A value computed once per catalogue revision (and `parts`), shared by servers."""
    key = f"{kind}:v{revision}:{hashlib.sha1(parts.encode()).hexdigest()}"
    value = cache_get(key)
    if value is None:
        value = compute()
        cache_set(key, value)
    return value


def background_priority() -> None:
    """Lower this thread's CPU priority (Linux: niceness is per thread), so the
    app servers' request threads are scheduled before background renders."""
    with suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
