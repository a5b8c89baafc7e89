"""Re-rendering the most visited pages after a published edit, before visitors ask.

Every saved change bumps the catalogue revision, so every cached page is cold
at once. Once the saving transaction commits, the pages most people open (home,
catalogue page 1, the popular comparisons, the scenarios and the default
decision) are rendered again through the real views, so their cache keys and
markup are exactly those a visitor's request would produce, and "fits best"
(every scenario's podium, which every framework page shows) is computed once for
the new revision. Pages kept across the edit (comparisons without the edited
framework, the scenarios list) are found in the cache and cost nothing.

`CACHE_WARMING` chooses how: "task" (the default) as a `django.tasks` task run by
the task worker (`manage.py db_worker`, which `bin/serve` and config/gunicorn.py
start), so the editor does not wait and no web worker starts a thread; "inline"
in the saving request itself, after the commit (tests); "off". Warming is an optimisation: any error
is logged and never reaches the save, and a page that was not warmed is rendered
by the first visitor as before. It warms the shared cache, so with several app
processes it needs a shared cache (`CACHE_URL`); pinned (`?rev=`) and preview
pages are never warmed.
"""

from __future__ import annotations

import datetime
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task, task_backends
from django.test import Client
from django.utils import timezone

from web.cache import registry
from web.cache.store import cache_get, shared_with_tasks

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


@task()
def warm_pages(revision: int) -> list[str]:
    """The warming after an edit, run by the task worker (`manage.py db_worker`):
    the paths warmed (none when it failed; the error is logged)."""
    try:
        return warm(revision)
    except Exception:
        logger.exception("warming the cache for revision %s failed", revision)
        return []


# Pages served stale are rendered again by the task worker, one task per page.
# Seconds a render of a page the warming renders anyway waits for the warming first.
REFRESH_DELAY = 5.0


@task()
def refresh_page(path: str, headers: dict[str, str], key: str, asked: float) -> int | None:
    """Render `path` for the current revision, unless its entry `key` is there by
    now; the status rendered (None: nothing to do, or deferred). A page the warming
    after an edit renders is left to it for REFRESH_DELAY seconds (where the task
    backend can defer; the immediate one of tests renders at once)."""
    wait = asked + REFRESH_DELAY - time.time()
    if wait > 0 and warms(path) and task_backends[refresh_page.backend].supports_defer:
        later = timezone.now() + datetime.timedelta(seconds=wait)
        refresh_page.using(run_after=later).enqueue(path, headers, key, asked)
        return None
    if cache_get(key) is not None:
        return None
    return render_current(path, headers)


def after_commit() -> None:
    """Warm the pages of the revision just committed, as `CACHE_WARMING` says: on
    the task worker ("task"), in this request after its commit ("inline"), or not
    at all ("off")."""
    mode = settings.CACHE_WARMING
    if mode == "off" or (mode == "task" and not shared_with_tasks()):
        return
    try:
        revision = registry.revisions().current()
    except Exception:
        logger.exception("could not start warming the cache")
        return
    if mode == "inline":
        _warm_safely(revision)
        return
    try:
        warm_pages.enqueue(revision)
    except Exception:
        logger.exception("could not start warming the cache for revision %s", revision)


def schedule() -> None:
    """Warm once the current transaction commits (once per transaction, however
    many saves it holds; nothing if it rolls back)."""
    if any(callback is after_commit for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(after_commit)
