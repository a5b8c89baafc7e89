"""Caching keyed by what it shows: every key carries the catalogue revision, which
every published edit bumps in the database, so the next request on any app
server looks for a new key. Pages also carry an ETag made of the same revision
and answer conditional requests with 304.

If the cache server is down, pages are rendered from the database (slower, not
broken): every cache call here swallows the cache's errors, and after one fails
the cache is left alone for a few seconds (`cache_health`). If the database is
down, a page already in the cache is still served: the revision comes from this
process's last reading, or from the cache (`current_revision`).

Visitors never wait on a render after an edit (`PAGE_STALE_SECONDS`): for a few
seconds after a new revision, a visitor asking for a page not yet rendered for it
is served the page as it was at the previous revision it was rendered for (marked
`X-Cache: stale`, with that revision's ETag and `no-cache`), while a task on the
task worker renders it for the current one (`warming.refresh_page`; the stale
window covers the worker's delay). Someone signed in (an editor
checking their own save), a reload (`Cache-Control: no-cache` or `max-age=0`) and
the warming after an edit always get the current revision, rendered if need be.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from web.cache import warming
from web.cache.registry import revisions
from web.cache.store import (
    PAGE_TIMEOUT,
    cache_add,
    cache_delete,
    cache_get,
    cache_incr,
    cache_set,
    shared_with_tasks,
)
from web.outages import OutageLog

logger = logging.getLogger(__name__)
revision_outage = OutageLog(logger)

# A CDN may serve a page for a minute, and a stale one for five more while it
# revalidates (a 304 from us costs one small query).
CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"
PRIVATE_CACHE_CONTROL = "private, no-cache"
# Fragments stay in the browser's cache only: a CDN that ignores Vary can then
# never hand a fragment to a full-page request or a history restore.
FRAGMENT_CACHE_CONTROL = "private, max-age=60"
# A big entry lives shorter: a page of SIZE_FOR_FULL_LIFETIME bytes or less is
# kept PAGE_TIMEOUT; one of n times that, 1/n of it (never under MIN_PAGE_TIMEOUT).
SIZE_FOR_FULL_LIFETIME = 64 * 1024
MIN_PAGE_TIMEOUT = 3600
# A "not found" page is kept briefly (under its revision, like any page): a
# crawler asking for many missing things costs one render each per minute.
NOT_FOUND_TIMEOUT = 60
_INDENT = re.compile(rb"\n[ \t]+")
# Headers that belong to one response, not to the page: set again on every answer.
_PER_RESPONSE_HEADERS = {"etag", "cache-control", "x-cache", "date", "content-length"}
# A history restore (Back) must never be answered with a fragment, by us, by a
# CDN or by the browser's own cache: both headers take part in the choice.
VARY = ["HX-Request", "HX-History-Restore-Request"]


# The revision of the pages last stored, for a process that starts while the
# database is down (written with each page stored, so never per hit).
_LAST_REVISION = "revision:last"


def current_revision() -> int:
    """The catalogue revision from the database; when the database cannot answer,
    the last one this process read, or (a new process) the one the cache holds, so
    pages already rendered are still served. Neither: the database error."""
    try:
        return revisions().current()
    except DatabaseError:
        known = revisions().latest_seen()
        if known is None:
            known = cache_get(_LAST_REVISION)
        if not isinstance(known, int):
            raise
        revision_outage.log("database unavailable: serving revision %d from the cache", known)
        return known


def _representation(request: HttpRequest) -> str:
    htmx = request.headers.get("HX-Request") == "true"
    restore = request.headers.get("HX-History-Restore-Request") == "true"
    return "fragment" if htmx and not restore else "page"


# A view's frameworks: the slugs of the only frameworks whose values a page shows,
# or None when it may show anything (its arguments are the view's).
Frameworks = Callable[..., list[str] | None]


def cached_page(
    view: Callable[..., HttpResponse] | None = None, *, frameworks: Frameworks | None = None
) -> Any:
    """Serve a public GET view from the revision-versioned cache, with ETag and
    Cache-Control. HTMX fragments and full pages are separate entries.

    With `frameworks`, a page that shows the values of those frameworks only
    (and the traits, axes and names every page shares) is kept across revisions
    that changed nothing but other frameworks' values (`catalogue.revision.scope`): an
    edit to one framework leaves every comparison without it as it was."""
    if view is None:
        return lambda view: cached_page(view, frameworks=frameworks)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        revision = current_revision()
        request.catalogue_revision = revision
        slugs = frameworks(request, *args, **kwargs) if frameworks else None
        if slugs is not None:
            revision = revisions().content_revision(revision, slugs)
        representation = _representation(request)
        digest = hashlib.sha1(cache_path(request).encode()).hexdigest()
        etag = f'"r{revision}-{representation[0]}-{digest[:20]}"'
        conditional = get_conditional_response(request, etag=etag)
        if conditional is not None:  # a 304 (or 412 for a failed If-Match)
            _decorate(request, conditional, etag, representation)
            return conditional

        key = f"page:v{revision}:{representation}:{digest}"
        latest = f"page-latest:{representation}:{digest}"
        stored = cache_get(key)
        if stored is None:
            stale = _stale(request, latest, revision)
            if stale is not None:
                old_revision, stored = stale
                _refresh_later(request, key, representation)
                old_etag = f'"r{old_revision}-{representation[0]}-{digest[:20]}"'
                response = get_conditional_response(request, etag=old_etag) or _replay(stored)
                response["X-Cache"] = "stale"
                _decorate(request, response, old_etag, representation)
                response["Cache-Control"] = STALE_CACHE_CONTROL
                return response
            with _rendering(key) as mine:
                if not mine:
                    stored = _rendered_elsewhere(key)
                if stored is None:
                    response = view(request, *args, **kwargs)
                    if getattr(response, "incomplete", False):
                        # The view did part of its work (a budget per request): the
                        # next request continues it. Neither kept nor validated.
                        response["Cache-Control"] = STALE_CACHE_CONTROL
                        response["X-Cache"] = "partial"
                        patch_vary_headers(response, VARY)
                        return response
                    if _store(key, response):
                        cache_set(latest, revision)
                        cache_set(_LAST_REVISION, request.catalogue_revision)
        if stored is not None:
            response = _replay(stored)
        if response.status_code == 200:
            _decorate(request, response, etag, representation)
        return response

    return wrapper


def cache_path(request: HttpRequest) -> str:
    """The address a page is kept under: its path, and its query decoded and
    encoded again, so `w=scope%3A9` and `w=scope:9` (the same request to the
    view) are one entry."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return request.path
    return f"{request.path}?{urlencode(parse_qsl(query, keep_blank_values=True), safe=':,')}"


def _replay(stored: tuple) -> HttpResponse:
    status, content, headers = stored
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        response[name] = value
    response["X-Cache"] = "hit"
    return response


def lifetime(size: int) -> int:
    """Seconds to keep an entry of `size` bytes: the bigger, the shorter."""
    scaled = PAGE_TIMEOUT * SIZE_FOR_FULL_LIFETIME // max(size, SIZE_FOR_FULL_LIFETIME)
    return max(MIN_PAGE_TIMEOUT, scaled)


def _store(key: str, response: HttpResponse) -> bool:
    """Keep a rendered page (only a complete, cookie-less 200, or briefly a 404);
    whether it is a page a later revision may serve as stale (a 200)."""
    status = response.status_code
    if status in (200, 404) and not response.streaming and not response.cookies:
        if response.get("Content-Type", "").startswith("text/html"):
            # Template indentation is a third of a big page; a newline
            # renders the same. Done once per revision, before caching.
            response.content = _INDENT.sub(b"\n", response.content)
        # Every header the response needs (HX-Location, HX-Trigger,
        # Content-Disposition…): a replay must behave like the original.
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() not in _PER_RESPONSE_HEADERS
        }
        timeout = lifetime(len(response.content)) if status == 200 else NOT_FOUND_TIMEOUT
        cache_set(key, (status, response.content, headers), timeout)
        response["X-Cache"] = "miss"
        return status == 200
    return False


# Serving the previous revision's page while the new one renders.
STALE_CACHE_CONTROL = "no-cache"


def _wants_current(request: HttpRequest) -> bool:
    """Someone signed in, or a reload: the current revision, whatever it costs."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    control = request.headers.get("Cache-Control", "").replace(" ", "").lower()
    return (
        "no-cache" in control
        or "max-age=0" in control
        or request.headers.get("Pragma", "").lower() == "no-cache"
    )


def _stale(request: HttpRequest, latest: str, revision: int) -> tuple[int, tuple] | None:
    """The page as last rendered for an earlier revision, if a visitor may be served
    it while the current one renders: within PAGE_STALE_SECONDS of this process
    first seeing the current revision, and never for editors or reloads."""
    window = settings.PAGE_STALE_SECONDS
    current = getattr(request, "catalogue_revision", revision)
    if window <= 0 or revisions().age(current) > window or _wants_current(request):
        return None
    if not shared_with_tasks():  # nobody could render it for this process meanwhile
        return None
    old_revision = cache_get(latest)
    if not isinstance(old_revision, int) or old_revision >= revision:
        return None
    if revisions().withdrawn_after(old_revision):
        # Something was unpublished or deleted since: that page may show it.
        return None
    stored = cache_get(f"page:v{old_revision}:{latest.removeprefix('page-latest:')}")
    return None if stored is None else (old_revision, stored)


# Pages waiting for a background render after one revision, at most: a crawler asking
# for thousands of pages after an edit gets those rendered on demand once the stale
# window has passed.
REFRESH_QUEUE = 200


def _refresh_later(request: HttpRequest, key: str, representation: str) -> None:
    """Have the task worker render the current revision of this page, once across
    processes (for RENDER_WAIT seconds), at most REFRESH_QUEUE pages per revision."""
    if not cache_add(f"refresh:{key}", 1, RENDER_WAIT):
        return
    if cache_incr(f"refreshes:v{request.catalogue_revision}", PAGE_TIMEOUT) > REFRESH_QUEUE:
        return
    headers = {"HX-Request": "true"} if representation == "fragment" else {}
    try:
        warming.refresh_page.enqueue(request.get_full_path(), headers, key, time.time())
    except Exception:
        logger.exception("could not ask for %s to be rendered again", request.path)


# Rendering a page once: after an edit, the first request for a page (a visitor's
# or the warming's) renders it; others asking meanwhile wait for its cache entry
# instead of rendering it again on the same cores, up to RENDER_WAIT seconds.
RENDER_WAIT = 5.0
_POLL = 0.01


@contextmanager
def _rendering(key: str) -> Iterator[bool]:
    """Whether this request is the one rendering `key` (False: another is, or the
    cache cannot tell)."""
    lock = f"rendering:{key}"
    mine = cache_add(lock, 1, RENDER_WAIT)
    try:
        yield bool(mine)
    finally:
        if mine:
            cache_delete(lock)


def _rendered_elsewhere(key: str) -> tuple | None:
    """The entry another process or thread is rendering, once stored; None when
    it stored none (an error page) or takes longer than RENDER_WAIT."""
    lock = f"rendering:{key}"
    deadline = time.monotonic() + RENDER_WAIT
    while time.monotonic() < deadline:
        stored = cache_get(key)
        if stored is not None or cache_get(lock) is None:
            return stored or cache_get(key)
        time.sleep(_POLL)
    return None


def _decorate(request: HttpRequest, response: HttpResponse, etag: str, representation: str) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = cache_control(request, representation)
    patch_vary_headers(response, VARY)


def cache_control(request: HttpRequest, representation: str) -> str:
    """Someone signed in (an editor) revalidates every page, so their own saved
    edit shows at once; everyone else may be served from a cache for a minute
    (a shared one for full pages). Looking at the cookie, not the user, keeps
    sessions (and `Vary: Cookie`) out of public pages."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return PRIVATE_CACHE_CONTROL
    if representation == "fragment":
        return FRAGMENT_CACHE_CONTROL
    return CACHE_CONTROL
