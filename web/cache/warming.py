"""Re-rendering the most visited pages after a published edit, before visitors ask.

Every saved change bumps the catalogue revision, so every cached page is cold
at once. Once the saving transaction commits, the pages most people open (home,
catalogue page 1, the popular comparisons, the scenarios and the default
decision) are rendered again through the real views, so their cache keys and
markup are exactly those a visitor's request would produce, and "fits best"
(every scenario's podium, which every framework page shows) is computed once for
the new revision. Pages kept across the edit (comparisons without the edited
framework, the scenarios list) are found in the cache and cost nothing.

`CACHE_WARMING` chooses how: "thread" (the default) in a background thread of the
process that saved, so the editor does not wait; "inline" in the saving request
itself, after the commit (tests); "off". Warming is an optimisation: any error
is logged and never reaches the save, and a page that was not warmed is rendered
by the first visitor as before. It warms the shared cache, so with several app
processes it needs a shared cache (`CACHE_URL`); pinned (`?rev=`) and preview
pages are never warmed.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.test import Client

from web.cache import registry
from web.cache.store import background_priority

logger = logging.getLogger(__name__)


def popular_paths() -> list[str]:
    """The pages to re-render, most visited first (each page package registers its
    own: `web.cache.registry.register_pages_to_warm`)."""
    return registry.pages_to_warm()


def warms(path: str) -> bool:
    """Whether the warming after an edit renders this page (two small queries)."""
    if settings.CACHE_WARMING == "off":
        return False
    return path.split("?", 1)[0] in popular_paths() and "?" not in path


def _client() -> Client:
    """A client whose requests look like a visitor's on the public site: the
    configured origin, or the first concrete allowed host."""
    site = getattr(settings, "SITE_URL", "")
    if site:
        parts = urlsplit(site)
        host, secure = parts.netloc, parts.scheme == "https"
    else:
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*",) and h[0] != "."), "")
        host = host or "localhost"
        secure = bool(settings.SECURE_SSL_REDIRECT or settings.SECURE_PROXY_SSL_HEADER)
    headers = {"HTTP_X_FORWARDED_PROTO": "https"} if secure else {}
    return Client(HTTP_HOST=host, secure=secure, raise_request_exception=False, **headers)


# Asks for the current revision: never served the previous one (web.cache.pages).
CURRENT = {"Cache-Control": "no-cache"}


def render_current(path: str, headers: dict[str, str] | None = None) -> int:
    """Render `path` for the current revision into the cache, as a visitor's
    request would; its status."""
    return _client().get(path, headers={**CURRENT, **(headers or {})}).status_code


def warm(revision: int) -> list[str]:
    """Render the popular pages for `revision` into the cache; the paths warmed.
    Stops as soon as a newer revision exists (its own warming takes over)."""
    warmed: list[str] = []
    if registry.revisions().current() != revision:
        return warmed
    registry.before_warming(revision)
    client = _client()
    for path in popular_paths():
        if registry.revisions().current() != revision:
            break
        response = client.get(path, headers=CURRENT)
        if response.status_code != 200:
            logger.warning("warming %s for revision %s: %s", path, revision, response.status_code)
            continue
        warmed.append(path)
    return warmed


def _warm_safely(revision: int) -> None:
    try:
        warm(revision)
    except Exception:
        logger.exception("warming the cache for revision %s failed", revision)


def _in_thread(revision: int) -> None:
    background_priority()
    try:
        _warm_safely(revision)
    finally:
        close_old_connections()
        connection.close()  # this thread's own connection


def after_commit() -> None:
    """Warm the pages of the revision just committed, as `CACHE_WARMING` says."""
    mode = settings.CACHE_WARMING
    if mode == "off":
        return
    try:
        revision = registry.revisions().current()
    except Exception:
        logger.exception("could not start warming the cache")
        return
    if mode == "inline":
        _warm_safely(revision)
    else:
        threading.Thread(target=_in_thread, args=(revision,), daemon=True).start()


def schedule() -> None:
    """Warm once the current transaction commits (once per transaction, however
    many saves it holds; nothing if it rolls back)."""
    if any(callback is after_commit for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(after_commit)
