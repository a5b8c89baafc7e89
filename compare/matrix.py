"""Reading the catalogue into the plain `Matrix` the scoring module works on."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.models import VALUE_FIELDS, Axis, Framework, Trait, TraitValue
from compare.scoring import AxisInfo, Matrix, TraitInfo

_COLUMNS = tuple(VALUE_FIELDS.values())


def load_matrix(slugs: Iterable[str] | None = None) -> Matrix:
    """Published frameworks (all, or those slugs) with every value: four queries,
    whatever the number of frameworks or traits."""
    frameworks = Framework.objects.published()
    if slugs is not None:
        frameworks = frameworks.filter(slug__in=list(slugs))
    names = dict(frameworks.order_by("name").values_list("slug", "name"))
    axes = [AxisInfo(slug, name) for slug, name in Axis.objects.values_list("slug", "name")]
    traits = [
        TraitInfo(slug=t[0], name=t[1], axis=t[2], type=t[3], direction=t[4])
        for t in Trait.objects.order_by("axis__order", "order").values_list(
            "slug", "name", "axis__slug", "type", "direction"
        )
    ]
    values = {}
    rows = TraitValue.objects.filter(framework__slug__in=names).values_list(
        "framework__slug", "trait__slug", "trait__type", *_COLUMNS
    )
    for fw, trait, trait_type, *columns in rows:
        value = dict(zip(_COLUMNS, columns, strict=True))[VALUE_FIELDS[trait_type]]
        if value is not None and value != "":
            values[(fw, trait)] = value
    return Matrix(frameworks=names, axes=axes, traits=traits, values=values)


def load_comparison(slugs: list[str]) -> tuple[Matrix, dict, dict]:
    """The matrix of the named frameworks (column order = canonical slug order), the
    evidence behind each value, and each trait's description and unit: four queries."""
    from compare.table import Evidence

    frameworks = list(Framework.objects.for_comparison(slugs))
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
            )
    matrix = Matrix(
        frameworks={f.slug: f.name for f in frameworks}, axes=axes, traits=traits, values=values
    )
    return matrix, evidence, descriptions
