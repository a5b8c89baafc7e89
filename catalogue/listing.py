"""How the catalogue shows each framework's key traits: on a card, grouped by
level (one colour, one meaning, one pill per level); in the table view, one
column per key trait with a short label in the level's colour."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.models import Framework, Trait, TraitValue
from catalogue.templatetags.catalogue_extras import value_class

# Levels in the order a reader weighs them; yes sits with built-in and no with
# none (the same class colours), so each colour on a card means one thing.
LEVELS = [
    ("built-in", "Built in", ("level-built-in", "yes")),
    ("first-party", "First-party add-on", ("level-first-party",)),
    ("third-party", "Third-party", ("level-third-party",)),
    ("limited", "Limited", ("level-limited",)),
    ("none", "None", ("level-none", "no")),
    ("unknown", "Unknown", ("unknown",)),
]
_GROUP_OF = {css: (slug, label) for slug, label, classes in LEVELS for css in classes}
_CLASS_OF = {slug: classes[0] for slug, _, classes in LEVELS}

SHORT = {
    "level-built-in": "Built-in",
    "level-first-party": "First-party",
    "level-third-party": "Third-party",
    "level-limited": "Limited",
    "level-none": "None",
    "yes": "Yes",
    "no": "No",
    "unknown": "Unknown",
}


@dataclass
class LevelGroup:
    level: str
    label: str
    css: str
    traits: list[str] = field(default_factory=list)


def level_groups(values: list[TraitValue]) -> list[LevelGroup]:
    """Pills like "Built in: ORM, Admin interface", levels in LEVELS order."""
    groups: dict[str, LevelGroup] = {}
    for value in values:
        css = value_class(value)
        if css not in _GROUP_OF:
            continue
        slug, label = _GROUP_OF[css]
        group = groups.setdefault(slug, LevelGroup(slug, label, _CLASS_OF[slug]))
        group.traits.append(value.trait.name)
    return [groups[slug] for slug, _, _ in LEVELS if slug in groups]


@dataclass
class Cell:
    css: str
    text: str
    title: str


@dataclass
class Table:
    traits: list[Trait]
    rows: list[tuple[Framework, list[Cell]]]


def results_table(frameworks: list[Framework]) -> Table:
    """Key-trait columns from the values already fetched (no query): every trait
    any framework on the page has a key value for, in the fetched order."""
    traits: dict[int, Trait] = {}
    for fw in frameworks:
        for value in fw.key_values:
            traits.setdefault(value.trait_id, value.trait)
    columns = list(traits.values())
    rows = []
    for fw in frameworks:
        by_trait = {value.trait_id: value for value in fw.key_values}
        cells = []
        for trait in columns:
            value = by_trait.get(trait.pk)
            css = value_class(value)
            text = SHORT.get(css, value.display if value else "Unknown")
            detail = value.display if value else "Unknown"
            cells.append(Cell(css, text, f"{trait.name}: {detail}"))
        rows.append((fw, cells))
    return Table(columns, rows)
