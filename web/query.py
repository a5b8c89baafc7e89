"""The shape of a query string, checked before anything reaches the database.

Each public view declares the parameters it understands (`query_shape`). Then:

- a query string longer than MAX_QUERY_LENGTH is a 400 that says so;
- a parameter with more distinct values than it allows, or a value that is too
  long or has the wrong shape (a slug with a dot or a slash), is a 400 that names
  the parameter and the limit;
- repeated values and parameters the view does not know (utm_*, fbclid, gclid, a
  cache-buster…) are removed with a 301 to the clean URL. So they never make a
  new cache entry (the page cache is keyed on the clean URL, and the redirect is
  not cached by us), never widen a filter silently (the address bar shows what
  is applied), and a shared link keeps working.

A 4 KB link of 500 `has=` repeats used to build one SQL condition per repeat
(1.6 s at 400, "expression tree too large" at 500); now it costs no query at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from web.errors import error_page

# Below gunicorn's 4094-byte request line, so an over-long address gets our page.
MAX_QUERY_LENGTH = 3000
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$", re.IGNORECASE)
# What a person may type into "add a framework": a slug or a name ("Plotly Dash").
# Never a dot or a slash, which cannot be part of a comparison URL.
NAME_OR_SLUG = re.compile(r"^[\w][\w -]*$")
# A must-have: a trait slug, with a level after a colon, or a minus to remove it.
MUST = re.compile(r"^-?[a-z0-9][a-z0-9_-]*(:[a-z-]+)?$", re.IGNORECASE)
_SHAPES = {
    SLUG.pattern: "letters, digits and hyphens",
    MUST.pattern: "a trait slug, trait:level, or -trait",
    NAME_OR_SLUG.pattern: "letters, digits, spaces and hyphens (no dots or slashes)",
}


@dataclass(frozen=True)
class Param:
    """What one parameter may carry: at most `values` distinct values (the items of
    a comma list count one each), each at most `length` characters and, where
    `shape` is given, matching it."""

    values: int = 1
    length: int = 50
    shape: re.Pattern | None = None
    comma: bool = False


def one(length: int = 50, shape: re.Pattern | None = None) -> Param:
    return Param(values=1, length=length, shape=shape)


def query_shape(
    params: Mapping[str, Param],
    prefixes: Mapping[str, Param] | None = None,
    title: str = "This address asks for too much",
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """`prefixes`: families of parameters such as the decision form's `w_<criterion>`;
    a family's `values` caps how many names it may have, each with one value.
    `title` heads the 400 page, in the words the view uses for its other 400s."""
    prefixes = prefixes or {}

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            problems, clean = check(request.META.get("QUERY_STRING", ""), params, prefixes)
            if problems:
                return _too_much(request, problems, title, sorted({*params, *prefixes}))
            if clean is not None:
                target = f"{request.path}?{clean}" if clean else request.path
                return HttpResponsePermanentRedirect(target)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def check(
    query: str, params: Mapping[str, Param], prefixes: Mapping[str, Param]
) -> tuple[list[str], str | None]:
    """Problems with `query`, or (no problems) the clean query string when it
    differs from `query` (None when `query` is already clean)."""
    if len(query) > MAX_QUERY_LENGTH:
        names = Counter(part.split("=", 1)[0] for part in query.split("&"))
        name, count = names.most_common(1)[0]
        return [
            f"The query string has {len(query):,} characters; an address here takes at "
            f"most {MAX_QUERY_LENGTH:,}. (“{name[:40]}” appears {count} times.)"
        ], None
    pairs = parse_qsl(query, keep_blank_values=True, errors="replace")
    kept: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    changed = False
    for name, value in pairs:
        if _spec(name, params, prefixes) is None or (name, value) in seen:
            changed = True
            continue
        seen.add((name, value))
        kept.append((name, value))

    problems: list[str] = []
    for name, spec in params.items():
        values = [v for n, v in kept if n == name]
        problems += _value_problems(name, values, spec)
    for prefix, spec in prefixes.items():
        names = [n for n, _ in kept if n.startswith(prefix)]
        if len(set(names)) > spec.values:
            problems.append(
                f"{prefix}…: at most {spec.values} such parameters; this address has "
                f"{len(set(names))}."
            )
        for name in dict.fromkeys(names):
            problems += _value_problems(name, [v for n, v in kept if n == name], spec, once=True)
    if problems:
        return problems, None
    return [], (urlencode(kept) if changed else None)


def _spec(name: str, params: Mapping[str, Param], prefixes: Mapping[str, Param]) -> Param | None:
    if name in params:
        return params[name]
    return next((spec for p, spec in prefixes.items() if name.startswith(p)), None)


def _value_problems(name: str, values: list[str], spec: Param, once: bool = False) -> list[str]:
    items = [i.strip() for v in values for i in v.split(",")] if spec.comma else values
    items = list(dict.fromkeys(i for i in items if i or not spec.comma))
    limit = 1 if once else spec.values
    if len(items) > limit:
        if limit == 1:
            return [f"{name}: give it one value, not {len(items)}."]
        return [f"{name}: at most {limit} values; this address gives {len(items)}."]
    problems = []
    for item in items:
        shown = item if len(item) <= 40 else item[:40] + "…"
        if len(item) > spec.length:
            problems.append(
                f"{name}=“{shown}”: at most {spec.length} characters; this one has {len(item)}."
            )
        elif spec.shape is not None and item and not spec.shape.match(item):
            problems.append(f"{name}=“{shown}”: use {_SHAPES[spec.shape.pattern]}.")
    return problems


def _too_much(
    request: HttpRequest, problems: list[str], title: str, valid: list[str]
) -> HttpResponse:
    return error_page(
        request,
        400,
        title,
        "Nothing was looked up. Fix the part named below, or open the page without it.",
        problems=problems,
        back_url=request.path,
        back_label="Open this page without the query",
        valid=valid,
        fragment=bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request,
    )


# A page that takes no query parameters (a cache-buster is a 301, not a new page).
NO_PARAMETERS: dict[str, Param] = {}


def same_query(query: str, canonical: str) -> bool:
    """Whether two query strings are the same, parameter by parameter and in the
    same order, once decoded (`w=scope%3A9` is `w=scope:9`)."""
    return parse_qsl(query, keep_blank_values=True) == parse_qsl(canonical, keep_blank_values=True)
