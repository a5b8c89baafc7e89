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
