"""Reading the catalogue into the plain `Matrix` the scoring module works on."""

from __future__ import annotations

import datetime
import gc
import threading
from collections.abc import Iterable

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from catalogue import history
from catalogue.content.measured import interval_from_note
from catalogue.models import VALUE_FIELDS, Axis, Framework, Origin, Trait, TraitValue
from catalogue.revision import scope
from catalogue.scoring.engine import AxisInfo, Matrix, TraitInfo
from catalogue.scoring.evidence import Evidence
from catalogue.staleness import is_stale
from web.cache.store import PAGE_TIMEOUT, cache_get_many, cache_set_many, memoize

_COLUMNS = tuple(VALUE_FIELDS.values())
_TRAIT_FIELDS = (
    "pk",
    "slug",
    "name",
    "axis__slug",
    "type",
    "direction",
    "axis_share",
    "scale_low",
    "scale_high",
    "log_scale",
    "family",
)


def _trait_info(row: tuple) -> TraitInfo:
    _, slug, name, axis, trait_type, direction, share, low, high, log, family = row[:11]
    return TraitInfo(slug, name, axis, trait_type, direction, share, low, high, log, family)


def load_matrix(slugs: Iterable[str] | None = None, at: datetime.datetime | None = None) -> Matrix:
    """Published frameworks (all, or those slugs) with every value, as they are or
    as they were at `at`: four queries, whatever the number of frameworks or traits."""
    frameworks = Framework.objects.published()
    if slugs is not None:
        frameworks = frameworks.filter(slug__in=list(slugs))
    rows = list(frameworks.order_by("name").values_list("pk", "slug", "name", "builds_on__slug"))
    hosts = {slug: host for _, slug, _, host in rows if host}
    rows = [row[:3] for row in rows]
    names = {slug: name for _, slug, name in rows}
    axes = [AxisInfo(slug, name) for slug, name in Axis.objects.values_list("slug", "name")]
    trait_rows = list(Trait.objects.order_by("axis__order", "order").values_list(*_TRAIT_FIELDS))
    traits = [_trait_info(t) for t in trait_rows]
    slug_of = {pk: slug for pk, slug, _ in rows}
    trait_of = {t[0]: (t[1], VALUE_FIELDS[t[4]]) for t in trait_rows}
    fields = _FIELDS
    if at is None:
        # No joins: ids are mapped to slugs here, which is much faster at 50,000 rows.
        value_rows = _fetch_all(
            TraitValue.objects.filter(framework_id__in=frameworks.values("pk")).values_list(*fields)
        )
    else:
        value_rows = [
            tuple(getattr(v, f) for f in fields) for v in history.values_as_of(at, list(slug_of))
        ]
    matrix = Matrix(
        frameworks=names,
        axes=axes,
        traits=traits,
        values=_values(value_rows, trait_of, slug_of),
        intervals=_intervals(frameworks, trait_of, slug_of) if at is None else {},
    )
    # What patching it after a value edit needs (`_patched`): no query but the values'.
    matrix.__dict__["_ids"] = {slug: pk for pk, slug in slug_of.items()}
    matrix.__dict__["_trait_of"] = trait_of
    matrix.__dict__["_hosts"] = hosts  # toolkit -> host (`catalogue.scoring.stacks`)
    return matrix


_FIELDS = ("framework_id", "trait_id", *_COLUMNS)
_INDEX = {column: i for i, column in enumerate(_FIELDS)}


def _values(
    rows: Iterable[tuple], trait_of: dict[int, tuple[str, str]], slug_of: dict[int, str]
) -> dict[tuple[str, str], object]:
    """(framework, trait) -> typed value, from rows of `_FIELDS`; unknowns are absent."""
    values = {}
    for row in rows:
        trait = trait_of.get(row[1])
        if trait is None:
            continue
        value = row[_INDEX[trait[1]]]
        if value is not None and value != "":
            if trait[1] == "bool_value":
                value = bool(value)  # SQLite hands booleans back as 0 and 1
            values[(slug_of[row[0]], trait[0])] = value
    return values


def _intervals(
    frameworks: QuerySet, trait_of: dict[int, tuple[str, str]], slug_of: dict[int, str]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Measured values' intervals, as their notes state them (one query)."""
    rows = TraitValue.objects.filter(
        framework_id__in=frameworks.values("pk"), origin=Origin.MEASURED
    ).values_list("framework_id", "trait_id", "note")
    spans = {}
    for framework_id, trait_id, note in rows:
        span = interval_from_note(note)
        if span and trait_id in trait_of and framework_id in slug_of:
            spans[(slug_of[framework_id], trait_of[trait_id][0])] = span
    return spans


def _fetch_all(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list query in one fetch from the database cursor: at
    50,000 values, Django's per-row converters and 100-row chunks cost more than
    the query. Only for columns whose raw database values are usable as they are
    (booleans are converted by the caller)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The whole catalogue's matrix, per process, for the latest revision seen: every
# page that scores (decisions, scenarios, "fits best", nearest alternatives) shares
# one load and one normalisation per revision instead of repeating them per request.
# After an edit to a few frameworks' values, their rows are read again and patched
# into the previous revision's matrix (a few milliseconds, not a reload of all).
_current: dict[int, Matrix] = {}
_lock = threading.Lock()


def current_matrix(revision: int) -> Matrix:
    """The published catalogue at `revision` (the caller's CatalogueRevision.current())."""
    matrix = _current.get(revision)
    if matrix is not None:
        return matrix
    with _lock:
        matrix = _current.get(revision)
        if matrix is None:
            matrix = _patched(revision) or load_matrix()
            matrix.norm  # noqa: B018  (normalise once, here, not in the first request that scores)
            _current.clear()
            _current[revision] = matrix
            # The matrix lives until the next revision: out of the cyclic garbage
            # collector's sight (it holds no cycles; reference counting frees it),
            # or every full collection walks its 50,000 keys again (0.1 s at 500 x 100,
            # in whichever request happens to trigger it).
            gc.freeze()
    return matrix


def matrix_unless_reread(revision: int) -> Matrix | None:
    """The matrix at `revision`, unless this process holds an earlier one that
    changes beyond values have made useless (None: only a full read would do,
    ~0.3 s at 500 x 100, left to the pages that cannot do without it). With none
    held yet, it is read: every scoring page needs it anyway."""
    held = list(dict(_current))  # a copy: another thread may replace it meanwhile
    if held and held[0] != revision and scope.changed_between(held[0], revision) is None:
        return None
    return current_matrix(revision)


def _patched(revision: int) -> Matrix | None:
    """The previous revision's matrix with the rows of the frameworks whose values
    changed since read again, or None when more than values may have changed."""
    if not _current:
        return None
    (old_revision, old), *_ = _current.items()
    changed = scope.changed_between(old_revision, revision)
    if changed is None:
        return None
    slugs = [slug for slug in old.frameworks if slug in changed]
    ids, trait_of = old.__dict__.get("_ids"), old.__dict__.get("_trait_of")
    if ids is None or trait_of is None:
        return None
    # Only values changed (the scope says so: a change to a framework's own fields,
    # its publication or a trait is "anything"), so only their rows are read: one query.
    slug_of = {ids[slug]: slug for slug in slugs}
    changed_rows = TraitValue.objects.filter(framework_id__in=list(slug_of))
    rows = _fetch_all(changed_rows.values_list(*_FIELDS))
    return replace_rows(old, slugs, _values(rows, trait_of, slug_of), old.intervals)


def replace_rows(
    old: Matrix,
    slugs: list[str],
    fresh_values: dict[tuple[str, str], object],
    intervals: dict | None = None,
) -> Matrix:
    """`old` with the values of the frameworks `slugs` replaced by `fresh_values`
    (theirs only): what depends on the frameworks and traits alone is kept, and
    only those rows of the arrays that depend on values are computed again."""
    fresh = Matrix(
        frameworks={slug: old.frameworks[slug] for slug in slugs},
        axes=old.axes,
        traits=old.traits,
        values=fresh_values,
    )
    values = dict(old.values)
    for slug in slugs:
        for trait in old.traits:
            values.pop((slug, trait.slug), None)
    values.update(fresh.values)
    matrix = Matrix(
        frameworks=old.frameworks,
        axes=old.axes,
        traits=old.traits,
        values=values,
        intervals=intervals if intervals is not None else {},
    )
    for name in _SAME_WHEN_VALUES_CHANGE:
        if name in old.__dict__:
            matrix.__dict__[name] = old.__dict__[name]
    rows = [old.row_of[slug] for slug in slugs]
    norm = old.norm.copy()
    norm[rows] = fresh.norm
    matrix.__dict__["norm"] = norm
    meets = {}
    for trait, column in old.__dict__.get("_meets", {}).items():
        meets[trait] = column.copy()
        meets[trait][rows] = fresh.meets(trait)
    matrix.__dict__["_meets"] = meets
    return matrix


_SAME_WHEN_VALUES_CHANGE = (
    "_ids",
    "_hosts",
    "_trait_of",
    "trait_by_slug",
    "slugs",
    "row_of",
    "scored_traits",
    "column_of",
    "sort_names",
)


def forget_current() -> None:
    """Drop the shared matrix and what this process knows of past revisions
    (tests roll revisions back with their transactions)."""
    _current.clear()
    scope.forget()


_EVIDENCE = ("note", "source_url", "applies_to_version", "verified_on", "origin", "inherited")


def load_comparison(
    slugs: list[str], at: datetime.datetime | None = None
) -> tuple[Matrix, dict, dict]:
    """The matrix of the named frameworks (column order = canonical slug order), the
    evidence behind each value, and each trait's description and unit: at most four
    queries, whatever the number of frameworks or traits, and none for frameworks
    and traits unchanged since they were last read. With `at`, the values are those
    saved at that time."""
    fields = ("framework_id", "trait_id", *_COLUMNS, *_EVIDENCE)

    def framework_rows(wanted: list[str]) -> dict[str, tuple[tuple, list[tuple]]]:
        """slug -> (its row, its values' rows), as the database has them now."""
        found = (
            Framework.objects.published()
            .filter(slug__in=wanted)
            .values_list("pk", "slug", "name", "latest_version", "builds_on__name")
        )
        parts: dict[str, tuple[tuple, list[tuple]]] = {row[1]: (row, []) for row in found}
        slug_at = {row[0]: slug for slug, (row, _) in parts.items()}
        if at is not None:
            return parts  # the values as they were come from the history
        for row in TraitValue.objects.filter(framework_id__in=slug_at).values_list(*fields):
            parts[slug_at[row[0]]][1].append(row)
        return parts

    def catalogue_rows() -> tuple[list[tuple], list[tuple]]:
        axis_rows = list(Axis.objects.values_list("slug", "name"))
        trait_rows = Trait.objects.order_by("axis__order", "order").values_list(
            *_TRAIT_FIELDS, "description", "unit", "never_stale"
        )
        return axis_rows, list(trait_rows)

    revision = scope.latest_seen() if at is None else None
    if revision is None:
        parts = framework_rows(slugs)
        axis_rows, trait_rows = catalogue_rows()
    else:
        # The rows of each framework are kept (in the shared cache) until its own
        # values, or more than values, change: a comparison never seen before of
        # frameworks already compared costs no query. `revision`: the latest this
        # process has read (the middleware read it for this request).
        keys = {
            slug: f"comparison-rows:v{scope.content_revision(revision, [slug])}:{slug}"
            for slug in slugs
        }
        kept = cache_get_many(list(keys.values()))
        parts = {slug: kept[key] for slug, key in keys.items() if kept.get(key) is not None}
        missing = [slug for slug in slugs if slug not in parts]
        if missing:
            fresh = framework_rows(missing)
            parts.update(fresh)
            cache_set_many({keys[slug]: fresh[slug] for slug in fresh}, PAGE_TIMEOUT)
        axis_rows, trait_rows = memoize(
            "comparison-traits", scope.last_global_change(revision), "", catalogue_rows, local=True
        )
    frameworks = sorted((row for row, _ in parts.values()), key=lambda row: row[1])
    by_pk = {pk: (slug, latest) for pk, slug, _, latest, _ in frameworks}
    host_of = {pk: host or "" for pk, _, _, _, host in frameworks}
    axes = [AxisInfo(slug, name) for slug, name in axis_rows]
    traits, descriptions, trait_of = [], {}, {}
    never_stale: set[str] = set()
    for row in trait_rows:
        info = _trait_info(row)
        traits.append(info)
        descriptions[info.slug] = row[11:13]
        trait_of[row[0]] = (info.slug, VALUE_FIELDS[info.type])
        if row[13]:
            never_stale.add(info.slug)

    if at is None:
        rows = [row for slug in sorted(parts) for row in parts[slug][1]]
    else:
        rows = [tuple(getattr(v, f) for f in fields) for v in history.values_as_of(at, list(by_pk))]
    values, evidence = {}, {}
    today = timezone.localdate()
    # Most of a framework's values share a date and a version: each pair is judged once.
    judged: dict[tuple, bool] = {}

    def stale(verified: datetime.date | None, version: str, latest: str) -> bool:
        key = (verified, version, latest)
        if key not in judged:
            judged[key] = is_stale(verified, version, latest, today)
        return judged[key]

    for row in rows:
        data = dict(zip(fields, row, strict=True))
        if data["trait_id"] not in trait_of:
            continue
        slug, column = trait_of[data["trait_id"]]
        framework, latest = by_pk[data["framework_id"]]
        key = (framework, slug)
        if data[column] is not None and data[column] != "":
            values[key] = data[column]
        evidence[key] = Evidence(
            note=data["note"],
            source=data["source_url"],
            version=data["applies_to_version"],
            verified=data["verified_on"],
            origin=data["origin"],
            inherited=host_of[data["framework_id"]] if data["inherited"] else "",
            stale=slug not in never_stale
            and stale(data["verified_on"], data["applies_to_version"], latest),
        )
    matrix = Matrix(
        frameworks={slug: name for _, slug, name, _, _ in frameworks},
        axes=axes,
        traits=traits,
        values=values,
        intervals={
            key: span
            for key, e in evidence.items()
            if e.origin == Origin.MEASURED and (span := interval_from_note(e.note))
        },
    )
    return matrix, evidence, descriptions
