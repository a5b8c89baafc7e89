"""The catalogue's consistency check (`manage.py check_catalogue`): each value's
level agrees with its note and with its trait's rubric, the same evidence gets
the same level for every framework, every source is a page that shows the
claim, and a toolkit's inherited values are its host's.

Works on plain rows read in two queries, so it runs in CI in well under a second."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from catalogue.models import Framework, SupportLevel, TraitType, TraitValue


@dataclass(frozen=True)
class Finding:
    framework: str
    trait: str
    message: str

    def __str__(self) -> str:
        return f"{self.framework} · {self.trait}: {self.message}"


@dataclass
class Row:
    """One value as the check reads it."""

    framework: str
    trait: str
    type: str
    value: Any  # typed, None when unknown
    note: str
    source: str
    inherited: bool
    host: str  # slug of the framework it builds on, or ""


OWN = {SupportLevel.BUILT_IN, SupportLevel.FIRST_PARTY}

# A note that says the framework does not provide the thing itself.
NOT_OWN = re.compile(
    r"left to (your|the) (own )?(code|app|application|developer)|\bup to you\b|yours to write"
    r"|\bnot included\b|\bneeds? (another|a separate|an extra|a third-party) package"
    r"|\bthird-party\b|\bvia (the )?\S+ package\b|\bnothing (is )?built in\b|\bnot built in\b",
    re.IGNORECASE,
)
# A note that says a thing is published, beside "no".
PUBLISHED = re.compile(r"\b(is|are|also) published\b|\bpublishes\b", re.IGNORECASE)
NEGATED = re.compile(
    r"(?<![\w-])(no|not|never|none|neither|nor)(?![\w-])[^.;]*\bpublish|\bpublish(es|ed)? no\b",
    re.IGNORECASE,
)
ONLY_PROXY = re.compile(
    r"\bonly\b[^.;]*\bproxy\b|\bproxy\b[^.;]*\bonly\b|\bbehind an? [^.;]*proxy", re.IGNORECASE
)
GENERIC_MIDDLEWARE = re.compile(r"\bgeneric\b[^.;]*\b(WSGI|ASGI)\b[^.;]*middleware", re.IGNORECASE)
NO_SPECIFIC = re.compile(r"\bno [\w.-]+[- ]specific\b|\bthere is no [\w. -]+ instrumentation", re.I)
# A general-purpose library called from your own code: every framework allows that.
GENERAL_LIBRARY = re.compile(
    r"\bused directly\b|\ba general [\w -]*(cache|library)\b|\ban? [\w -]*SMTP (client|library)\b",
    re.IGNORECASE,
)
NO_CUSTOM_COMMANDS = re.compile(r"\bno custom (management )?commands\b", re.IGNORECASE)
NO_DATA_LAYER = re.compile(r"\bno data layer\b", re.IGNORECASE)
INTEGRATION = re.compile(r"Flask-SQLAlchemy|\bplugin\b|\bintegrat", re.IGNORECASE)
USERS_YOURS = re.compile(
    r"(user storage|storing users|hashing passwords|password hashing)[^.;]*"
    r"(up to you|left to|yours|your own)",
    re.IGNORECASE,
)
# Traits whose claim is about the whole project: its home or docs home shows it.
WHOLE_PROJECT = {"docs-depth", "stewardship", "licence", "ease-of-learning"}


def _same_address(a: str, b: str) -> bool:
    def norm(url: str) -> str:
        parts = urlsplit(url)
        path = re.sub(r"/(index\.html?)?$", "", parts.path)
        return (parts.netloc.removeprefix("www.") + path).lower()

    return bool(a and b) and norm(a) == norm(b)


def _level_vs_note(row: Row) -> Iterable[str]:
    if row.value is None or row.inherited:
        return
    if row.type == TraitType.SUPPORT and row.value in OWN and NOT_OWN.search(row.note):
        phrase = NOT_OWN.search(row.note).group(0)  # type: ignore[union-attr]
        yield f"{row.value} beside a note that says “{phrase}”"
    if row.type == TraitType.SUPPORT and row.value == SupportLevel.LIMITED and not row.note:
        yield "limited without a note saying what is missing"
    if row.type == TraitType.BOOLEAN and row.value is False:
        if PUBLISHED.search(row.note) and not NEGATED.search(row.note):
            yield "no beside a note that says it is published"
        if re.match(r"\s*yes\b", row.note, re.IGNORECASE):
            yield "no beside a note that says yes"


def _rubric_patterns(row: Row) -> Iterable[str]:
    """The borderline cases the rubrics settle, checked on the note's evidence."""
    if row.value is None or row.inherited:
        return
    note = row.note
    if row.trait == "http2" and ONLY_PROXY.search(note) and row.value != SupportLevel.NONE:
        yield f"{row.value}, but HTTP/2 only from a proxy in front is none (rubric)"
    if (
        row.trait == "opentelemetry"
        and GENERIC_MIDDLEWARE.search(note)
        and NO_SPECIFIC.search(note)
        and row.value != SupportLevel.LIMITED
    ):
        yield f"{row.value}, but only OpenTelemetry's generic middleware is limited (rubric)"
    if (
        row.trait in ("orm", "migrations")
        and NO_DATA_LAYER.search(note)
        and not INTEGRATION.search(note)
        and row.value != SupportLevel.NONE
    ):
        yield f"{row.value}, but no data layer and no integration is none (rubric)"
    if (
        row.trait == "cli"
        and NO_CUSTOM_COMMANDS.search(note)
        and row.value not in (SupportLevel.LIMITED, SupportLevel.NONE)
    ):
        yield f"{row.value}, but a command without custom commands is limited (rubric)"
    if (
        row.type == TraitType.SUPPORT
        and GENERAL_LIBRARY.search(note)
        and row.value in (SupportLevel.THIRD_PARTY, *OWN)
    ):
        yield f"{row.value}, but a general library called from your own code is none (rubric)"
    if row.trait == "auth" and USERS_YOURS.search(note) and row.value != SupportLevel.LIMITED:
        yield f"{row.value}, but users or password hashing left to you is limited (rubric)"
    if (
        row.trait == "pure-python"
        and row.value is False
        and re.search(
            r"none-any wheel[^.;]*published|pure-python[^.;]*wheel[^.;]*published", note, re.I
        )
    ):
        yield "no, but a pure-Python wheel is published: yes (rubric)"


def _follows_the_orm(row: Row, values: dict[tuple[str, str], Row]) -> Iterable[str]:
    """Migrations and an async data layer come with an ORM: none without one."""
    if row.trait not in ("migrations", "async-orm") or row.value is None or row.inherited:
        return
    orm = values.get((row.framework, "orm"))
    if orm is not None and orm.value == SupportLevel.NONE and row.value != SupportLevel.NONE:
        yield f"{row.value}, but the framework's ORM is none, so this is none (rubric)"


def _source(row: Row, homes: dict[str, set[str]]) -> Iterable[str]:
    if row.value is None or not row.source or row.source.startswith("/"):
        return
    if row.trait in WHOLE_PROJECT or row.value in (SupportLevel.NONE, False):
        # A documented absence has no page of its own: the docs' contents (or the
        # repository's file list) is where it shows, and the note says what was looked for.
        return
    if urlsplit(row.source).fragment:
        return  # a section of the page
    if any(_same_address(row.source, home) for home in homes.get(row.framework, ())):
        yield f"source {row.source} is the project's home or docs root, not a page that shows it"


def _inheritance(row: Row, values: dict[tuple[str, str], Row]) -> Iterable[str]:
    if row.inherited:
        if not row.host:
            yield "marked inherited, but the framework builds on none"
            return
        host = values.get((row.host, row.trait))
        if host is None or host.value != row.value:
            shown = "unknown" if host is None or host.value is None else host.value
            yield f"inherited from {row.host}, but {row.host}'s value is {shown}"
    elif row.host and re.match(rf"\s*from {re.escape(row.host)}\b", row.note, re.IGNORECASE):
        yield f"the note says it comes from {row.host}: mark it inherited"


CHECKS: list[Callable[..., Iterable[str]]] = [_level_vs_note, _rubric_patterns]


def check_rows(rows: list[Row], homes: dict[str, set[str]] | None = None) -> list[Finding]:
    homes = homes or {}
    values = {(r.framework, r.trait): r for r in rows}
    findings = []
    for row in rows:
        messages = [m for check in CHECKS for m in check(row)]
        messages += _source(row, homes)
        messages += _inheritance(row, values)
        messages += _follows_the_orm(row, values)
        findings += [Finding(row.framework, row.trait, m) for m in messages]
    return findings


def catalogue_rows() -> tuple[list[Row], dict[str, set[str]]]:
    """Every value of every framework (draft or published), and each framework's
    home addresses (two queries)."""
    frameworks = {
        pk: (slug, host or "", {u for u in (docs, home, repo) if u})
        for pk, slug, host, docs, home, repo in Framework.objects.values_list(
            "pk", "slug", "builds_on__slug", "docs_url", "homepage", "repository_url"
        )
    }
    rows = []
    for v in TraitValue.objects.select_related("trait").order_by("framework_id", "trait__order"):
        slug, host, _ = frameworks[v.framework_id]
        rows.append(
            Row(slug, v.trait.slug, v.trait.type, v.value, v.note, v.source_url, v.inherited, host)
        )
    return rows, {slug: homes for slug, _, homes in frameworks.values()}


def check_catalogue() -> list[Finding]:
    rows, homes = catalogue_rows()
    findings = check_rows(rows, homes)
    # The framework's own first-release year and its trait value tell one fact.
    years = dict(Framework.objects.values_list("slug", "first_release_year"))
    for row in rows:
        if row.trait == "first-release" and row.value is not None:
            year = years.get(row.framework)
            if year is not None and int(row.value) != year:
                message = f"{int(row.value)}, but the framework's first release year says {year}"
                findings.append(Finding(row.framework, row.trait, message))
    return findings
