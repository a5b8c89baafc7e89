"""Search that knows the catalogue: a query that only names traits ("websockets
orm", "native websockets and an ORM") is read as those trait filters; anything
else is text to look for.

Plain functions of the query and the filterable traits, no request in sight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from catalogue.browse.wanted import DEFAULT_LEVEL, Wanted
from catalogue.models import SupportLevel, Trait, TraitType

# Common ways of naming a trait, beside its name and slug.
SYNONYMS: dict[str, list[str]] = {
    "websockets": ["websocket", "web socket", "ws"],
    "orm": ["object relational mapper", "object relational mapping"],
    "migrations": ["migration", "schema migration", "db migration", "database migration"],
    "admin": ["admin", "admin panel", "admin site", "back office", "backoffice"],
    "auth": ["auth", "login", "user accounts", "authentication"],
    "permissions": ["permission", "authorisation", "authorization", "rbac"],
    "forms": ["form"],
    "templating": ["template", "templates", "templating", "jinja", "html templates"],
    "sessions": ["session"],
    "caching": ["cache", "caching"],
    "i18n": ["internationalization", "translation", "localisation", "localization", "l10n"],
    "rest-toolkit": ["rest", "rest api", "rest framework"],
    "openapi": ["openapi", "swagger", "api docs", "api documentation"],
    "type-hint-validation": ["pydantic", "validation", "type hint validation"],
    "background-tasks": ["background task", "background job", "task queue"],
    "static-files": ["static files", "static"],
    "email": ["mail", "e mail"],
    "autoescape": ["auto escaping", "xss protection"],
    "security-headers": ["security headers", "hsts", "https"],
    "reactive-ui": ["reactive", "reactive ui"],
    "dependency-injection": ["di"],
    "server-sent-events": ["sse", "server sent events", "event stream"],
    "rate-limiting": ["rate limit", "throttling"],
    "single-file-app": ["single file"],
    "autoreload": ["auto reload", "hot reload", "live reload"],
    "debug-tooling": ["debugger", "debug toolbar", "debug page"],
    "test-client": ["testing"],
    "cli": ["command line"],
    "async-views": ["async", "async views", "async def"],
    "async-orm": ["async orm", "async database"],
    "own-server": ["production server", "own server"],
    "streaming": ["stream responses", "streaming responses"],
    "http2": ["http 2"],
    "lts": ["long term support"],
    "type-checking": ["mypy", "pyright", "type checker"],
    "opentelemetry": ["otel", "tracing"],
    "free-threaded": ["free threaded", "nogil", "no gil"],
    "typed-package": ["typed"],
}
# Words that name a level: "native websockets" asks for built-in WebSockets.
LEVEL_WORDS: dict[str, str] = {
    "native": SupportLevel.BUILT_IN,
    "natively": SupportLevel.BUILT_IN,
    "built in": SupportLevel.BUILT_IN,
    "builtin": SupportLevel.BUILT_IN,
    "first party": SupportLevel.FIRST_PARTY,
    "third party": SupportLevel.THIRD_PARTY,
}
# Words that join trait names without changing what is asked.
FILLER = {
    "a", "an", "and", "the", "with", "has", "have", "having", "plus", "both", "support",
    "supports", "supported", "framework", "which", "that", "in", "of", "&", "python", "need",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9&]+")


def _norm(word: str) -> str:
    """One spelling per word: lower case, no plural "s" ("websockets", "WebSocket")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    return tuple(_norm(w) for w in _WORD.findall(text.lower()))


def phrases(traits: list[Trait]) -> dict[tuple[str, ...], str]:
    """Every way of naming a filterable trait, as normalised words, to its slug."""
    return dict(_phrases((t.slug, t.name) for t in traits)[0])


# Level words as normalised words, to their level.
_LEVELS = {words(w): level for w, level in LEVEL_WORDS.items()}


def _phrases(named: Iterable[tuple[str, str]]) -> tuple[dict[tuple[str, ...], str], int]:
    """`phrases` of the traits (slug, name), and the longest phrase or level word,
    kept for the last few sets of traits (a search reads its question twice:
    for the list and for the facets; every search of a catalogue the same)."""
    return _phrases_of(tuple(named))


@lru_cache(maxsize=8)
def _phrases_of(named: tuple[tuple[str, str], ...]) -> tuple[dict[tuple[str, ...], str], int]:
    # Shared by every search with these traits: read, never changed.
    table: dict[tuple[str, ...], str] = {}
    for slug, name in named:
        for phrase in [name, slug, *SYNONYMS.get(slug, [])]:
            table.setdefault(words(phrase), slug)
    return table, max((len(p) for p in [*table, *_LEVELS]), default=1)


def read_query(text: str, traits: list[Trait]) -> list[Wanted] | None:
    """The trait filters `text` asks for, or None when it is not only trait names
    (then it is a text search).

    A level word names the level of the trait right after it ("native websockets
    and an orm": WebSockets built in, ORM at the default level), the way the same
    question is written as a link (`has=websockets:built-in&has=orm`); a level
    word after the last trait ("websockets and orm built in") applies to every
    trait that has none of its own."""
    table, longest = _phrases((t.slug, t.name) for t in traits)
    levels = _LEVELS
    tokens = words(text)
    by_slug = {t.slug: t for t in traits}
    found: dict[str, str | None] = {}
    pending: str | None = None  # a level word waiting for its trait
    asked_levels: set[str] = set()
    i = 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            chunk = tokens[i : i + size]
            if chunk in table:
                slug = table[chunk]
                if by_slug[slug].type == TraitType.BOOLEAN:
                    found.setdefault(slug, None)  # a yes/no trait leaves the level word
                    break
                if slug not in found:
                    found[slug] = pending
                pending = None
                break
            if chunk in levels:
                if pending is not None and pending != levels[chunk]:
                    return None
                pending = levels[chunk]
                asked_levels.add(pending)
                break
        else:
            if tokens[i] not in FILLER:
                return None
            size = 1
        i += size
    if not found or len(asked_levels) > 1:
        return None
    return [
        Wanted(
            by_slug[slug],
            None if by_slug[slug].type == TraitType.BOOLEAN else level or pending or DEFAULT_LEVEL,
        )
        for slug, level in found.items()
    ]


# Words that say "a use case" without naming one.
USE_CASE_FILLER = FILLER | {"for", "app", "application", "site", "service", "build", "to"}


def scenario_matches(
    text: str, scenarios: list[tuple[str, str]], names: frozenset[str] = frozenset()
) -> list[str]:
    """The slugs of the scenarios (slug, name) that `text` names: every word of
    the query that says something is in the scenario's name or slug ("real-time
    dashboard" names "Real-time analytics dashboard"), best fits first. A query
    of framework `names` only ("flask") names a framework, not a use case."""
    asked = [w for w in words(text) if w not in USE_CASE_FILLER]
    if not asked or all(w in names for w in asked):
        return []
    found = []
    for slug, name in scenarios:
        known = set(words(name)) | set(words(slug.replace("-", " ")))
        if all(w in known for w in asked):
            found.append((len(known) - len(set(asked)), slug))
    return [slug for _, slug in sorted(found)]
