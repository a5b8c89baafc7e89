"""Each trait's rubric: per level, the test that decides it, and the borderline
cases (kept with the trait in traits.yaml). Read by the method page, the
framework page's trait explanations and `manage.py check_catalogue`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from catalogue.models import SupportLevel, Trait

# How a rubric's keys read on a page, in reading order.
KEY_LABELS = {
    **{level.value: level.label for level in SupportLevel},
    "yes": "Yes",
    "no": "No",
    **{str(n): f"{n} / 5" for n in range(5, 0, -1)},
    "value": "How it is established",
    "unknown": "Unknown",
}


@dataclass
class TraitRubric:
    slug: str
    name: str
    levels: list[tuple[str, str]] = field(default_factory=list)  # (label, test)
    borderline: list[str] = field(default_factory=list)


@dataclass
class AxisRubrics:
    slug: str
    name: str
    traits: list[TraitRubric] = field(default_factory=list)


def trait_rubric(slug: str, name: str, rubric: dict[str, Any]) -> TraitRubric:
    levels = [(label, rubric[key]) for key, label in KEY_LABELS.items() if key in rubric]
    levels += [
        (key, text)
        for key, text in rubric.items()
        if key not in KEY_LABELS and key != "borderline" and isinstance(text, str)
    ]
    return TraitRubric(slug, name, levels, list(rubric.get("borderline") or []))


def rubrics_by_axis() -> list[AxisRubrics]:
    """Every trait's rubric, grouped by axis in the catalogue's order (one query)."""
    groups: dict[str, AxisRubrics] = {}
    rows = Trait.objects.order_by("axis__order", "order", "name").values_list(
        "slug", "name", "axis__slug", "axis__name", "rubric"
    )
    for slug, name, axis_slug, axis_name, rubric in rows:
        group = groups.setdefault(axis_slug, AxisRubrics(axis_slug, axis_name))
        group.traits.append(trait_rubric(slug, name, rubric or {}))
    return list(groups.values())


def level_test(rubric: dict[str, Any], key: str | None) -> str:
    """The rubric's test for one level ("built-in", "yes", "3"…), or "" when it has none."""
    if not rubric or key is None:
        return ""
    return rubric.get(key) or rubric.get("value") or ""


def rubric_key(trait_type: str, value: Any) -> str | None:
    """The rubric key a typed value is judged by (None: unknown)."""
    if value is None:
        return "unknown"
    if trait_type == "boolean":
        return "yes" if value else "no"
    if trait_type == "support":
        return str(value)
    if trait_type == "scale":
        return str(int(value))
    return "value"


def explained(trait: Trait, value: Any) -> str:
    """A trait's description with its rubric's test for the level a framework has
    (the framework page's explanation of a row): "… Built-in: <the test>"."""
    key = rubric_key(trait.type, value)
    test = level_test(trait.rubric, key)
    if not test:
        return trait.description
    label = KEY_LABELS.get(key or "", "")
    prefix = f"{label}: " if key not in ("value", None) else "Rubric: "
    return f"{trait.description} {prefix}{test}"
