"""How the catalogue shows each framework's key traits: on a card, grouped by
level (one colour, one meaning, one pill per level); in the table view, one
column per key trait with a short label in the level's colour."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from catalogue.models import Framework, Trait, TraitValue
from catalogue.revision import scope
from catalogue.templatetags.catalogue_extras import value_class
from web.cache.store import cache_get_many, cache_set_many

logger = logging.getLogger(__name__)

CARD = "catalogue/framework_list.html#result-card"
CARD_TIMEOUT = 24 * 3600

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


def level_groups(values: list[TraitValue], host: str = "") -> list[LevelGroup]:
    """Pills like "Built in: ORM, Admin interface", levels in LEVELS order. `host`:
    the framework a toolkit builds on; what it inherits reads "Admin interface
    (from Django)", never as the toolkit's own."""
    groups: dict[str, LevelGroup] = {}
    for value in values:
        css = value_class(value)
        if css not in _GROUP_OF:
            continue
        slug, label = _GROUP_OF[css]
        group = groups.setdefault(slug, LevelGroup(slug, label, _CLASS_OF[slug]))
        inherited = f" (from {host})" if host and value.inherited else ""
        group.traits.append(value.trait.name + inherited)
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
            if value is not None and value.inherited and fw.builds_on_id:
                text = f"From {fw.builds_on.name}"
                detail += f" in {fw.builds_on.name}, which {fw.name} builds on"
            cells.append(Cell(css, text, f"{trait.name}: {detail}"))
        rows.append((fw, cells))
    return Table(columns, rows)


def with_key_values(frameworks: list[Framework]) -> None:
    """Give each framework `key_values`: its key traits' values, in trait order
    (one query for all, none for no framework)."""
    values = (
        TraitValue.objects.filter(trait__is_key=True)
        .select_related("trait")
        .order_by("trait__axis__order", "trait__order")
    )
    prefetch_related_objects(frameworks, Prefetch("values", queryset=values, to_attr="key_values"))


def render_cards(
    revision: int,
    frameworks: list[Framework],
    asked: str,
    explain: Callable[[list[Framework]], None],
) -> None:
    """Give each framework `card`: its result card, rendered. A card shows one
    framework's own fields and key values, and how it meets what the page asks
    (`asked`: its trait filters and search text; `explain` sets `meets` and
    `matched_in` from the framework's values). So it is kept until that
    framework's values or anything beyond values change, for the same question:
    an edit to one framework leaves every other card as it was. One cache read
    for the page; the explanations and key values (a query each) and the
    template only for the cards not kept."""
    keys = [_card_key(revision, fw, asked) for fw in frameworks]
    kept = _cached(keys)
    missing = [fw for fw, key in zip(frameworks, keys, strict=True) if key not in kept]
    if missing:
        explain(missing)
        with_key_values(missing)
    fresh = {}
    for fw, key in zip(frameworks, keys, strict=True):
        if key not in kept:
            host = fw.builds_on.name if fw.builds_on_id else ""
            fw.level_groups = level_groups(fw.key_values, host)
            fresh[key] = render_to_string(CARD, {"fw": fw})
    _keep(fresh)
    for fw, key in zip(frameworks, keys, strict=True):
        # Escaped by the template that rendered it.
        fw.card = mark_safe(kept[key] if key in kept else fresh[key])


def _card_key(revision: int, fw: Framework, asked: str) -> str:
    since = scope.content_revision(revision, [fw.slug])
    digest = hashlib.sha1(f"{fw.slug}\n{asked}".encode()).hexdigest()
    return f"card:v{since}:{digest}"


def _cached(keys: list[str]) -> dict[str, SafeString]:
    # A cache that is down makes cards slower to show, never missing.
    return cache_get_many(keys)


def _keep(cards: dict[str, str]) -> None:
    if cards:
        cache_set_many(cards, CARD_TIMEOUT)
