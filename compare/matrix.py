"""Reading the catalogue into the plain `Matrix` the scoring module works on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from catalogue import history
from catalogue.models import VALUE_FIELDS, Axis, Framework, Trait, TraitValue
from catalogue.staleness import is_stale
from compare.scoring import AxisInfo, Matrix, TraitInfo

_COLUMNS = tuple(VALUE_FIELDS.values())


def load_matrix(slugs: Iterable[str] | None = None, at: datetime.datetime | None = None) -> Matrix:
    """Published frameworks (all, or those slugs) with every value, as they are or
    as they were at `at`: four queries, whatever the number of frameworks or traits."""
    frameworks = Framework.objects.published()
    if slugs is not None:
        frameworks = frameworks.filter(slug__in=list(slugs))
    rows = list(frameworks.order_by("name").values_list("pk", "slug", "name"))
    names = {slug: name for _, slug, name in rows}
    axes = [AxisInfo(slug, name) for slug, name in Axis.objects.values_list("slug", "name")]
    trait_rows = list(
        Trait.objects.order_by("axis__order", "order").values_list(
            "pk", "slug", "name", "axis__slug", "type", "direction"
        )
    )
    traits = [TraitInfo(*t[1:]) for t in trait_rows]
    values = {}
    if at is None:
        value_rows = TraitValue.objects.filter(framework__slug__in=names).values_list(
            "framework__slug", "trait__slug", "trait__type", *_COLUMNS
        )
    else:
        slug_of = {pk: slug for pk, slug, _ in rows}
        trait_of = {t[0]: (t[1], t[4]) for t in trait_rows}
        value_rows = [
            (slug_of[v.framework_id], *trait_of[v.trait_id], *(getattr(v, c) for c in _COLUMNS))
            for v in history.values_as_of(at, list(slug_of))
            if v.trait_id in trait_of
        ]
    for fw, trait, trait_type, *columns in value_rows:
        value = dict(zip(_COLUMNS, columns, strict=True))[VALUE_FIELDS[trait_type]]
        if value is not None and value != "":
            values[(fw, trait)] = value
    return Matrix(frameworks=names, axes=axes, traits=traits, values=values)


def load_comparison(
    slugs: list[str], at: datetime.datetime | None = None
) -> tuple[Matrix, dict, dict]:
    """The matrix of the named frameworks (column order = canonical slug order), the
    evidence behind each value, and each trait's description and unit: four queries.
    With `at`, the values are those saved at that time."""
    from compare.table import Evidence

    frameworks = list(Framework.objects.for_comparison(slugs))
    if at is not None:
        as_of: dict[int, list[TraitValue]] = {}
        for value in history.values_as_of(at, [f.pk for f in frameworks]):
            as_of.setdefault(value.framework_id, []).append(value)
        trait_by_pk = {t.pk: t for t in Trait.objects.all()}
        for framework in frameworks:
            framework.all_values = [
                v for v in as_of.get(framework.pk, []) if v.trait_id in trait_by_pk
            ]
            for v in framework.all_values:
                v.trait = trait_by_pk[v.trait_id]
    axes = [AxisInfo(slug, name) for slug, name in Axis.objects.values_list("slug", "name")]
    trait_rows = Trait.objects.order_by("axis__order", "order").values_list(
        "slug", "name", "axis__slug", "type", "direction", "description", "unit"
    )
    traits, descriptions = [], {}
    for slug, name, axis, trait_type, direction, description, unit in trait_rows:
        traits.append(TraitInfo(slug, name, axis, trait_type, direction))
        descriptions[slug] = (description, unit)
    values, evidence = {}, {}
    for framework in frameworks:
        for row in framework.all_values:
            key = (framework.slug, row.trait.slug)
            if row.is_known:
                values[key] = row.value
            evidence[key] = Evidence(
                note=row.note,
                source=row.source_url,
                version=row.applies_to_version,
                verified=row.verified_on,
                stale=is_stale(row.verified_on, row.applies_to_version, framework.latest_version),
            )
    matrix = Matrix(
        frameworks={f.slug: f.name for f in frameworks}, axes=axes, traits=traits, values=values
    )
    return matrix, evidence, descriptions
