"""How many frameworks each choice of the catalogue's filter form would leave."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.text import slugify

from catalogue.filters import LEVEL_CHOICES, SUPPORTED, FrameworkFilter
from catalogue.models import Framework, Kind, Trait, TraitType, TraitValue

# Families people ask about most come first, open; the rest are collapsed.
OPEN_FAMILIES = ["Real-time", "Data layer", "APIs", "Security"]
FAMILY_ORDER = [
    *OPEN_FAMILIES,
    "Users",
    "Web pages",
    "Back office",
    "Concurrency",
    "Interface",
    "Data apps",
    "Typing",
    "Operations",
    "Tooling",
    "Protocols",
    "Policies",
    "Architecture",
    "Footprint",
    "Learning",
    "Migration",
    "Future",
]


def facets(query: Any, traits: list[Trait], filterset: FrameworkFilter) -> dict:
    """How many frameworks each choice would leave: three queries, whatever the choices."""
    data = filterset.form.cleaned_data

    def without(param: str) -> Any:
        params = query.copy()
        params.pop(param, None)
        params.pop("sort", None)
        other = FrameworkFilter(params, queryset=Framework.objects.published(), traits=traits)
        other.is_valid()
        return other.qs.order_by()

    kind_counts = dict(without("kind").values_list("kind").annotate(n=Count("pk")))
    interface_counts = without("interface").aggregate(
        wsgi=Count("pk", filter=Q(wsgi=True)), asgi=Count("pk", filter=Q(asgi=True))
    )
    current = filterset.qs.order_by().values("pk")
    ticked = {w.slug: w for w in data.get("has") or []}
    # A ticked trait counts at the level asked for, the others at the default.
    meets = SUPPORTED & ~Q(trait__in=[w.trait for w in ticked.values()])
    for item in ticked.values():
        meets |= Q(trait=item.trait) & item.condition()
    # (framework, trait) is unique, so counting rows counts frameworks; grouping by
    # the trait's id avoids a join over every value.
    by_id = dict(
        TraitValue.objects.filter(meets, framework__in=current)
        .order_by()
        .values_list("trait_id")
        .annotate(n=Count("pk"))
    )
    selected_kind = set(data.get("kind") or [])
    selected_interface = set(data.get("interface") or [])
    return {
        "kind": [
            {
                "value": v,
                "label": label,
                "count": kind_counts.get(v, 0),
                "checked": v in selected_kind,
            }
            for v, label in Kind.choices
        ],
        "interface": [
            {
                "value": v,
                "label": label,
                "count": interface_counts[v],
                "checked": v in selected_interface,
            }
            for v, label in [("wsgi", "WSGI"), ("asgi", "ASGI")]
        ],
        "has": _group_by_family(
            [
                {
                    "value": t.slug,
                    "label": t.name,
                    "family": t.family or "Other",
                    "count": by_id.get(t.pk, 0),
                    "checked": t.slug in ticked,
                    "levels": LEVEL_CHOICES if t.type == TraitType.SUPPORT else None,
                    "level": ticked[t.slug].level if t.slug in ticked else None,
                }
                for t in traits
            ]
        ),
    }


def _group_by_family(choices: list[dict]) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for choice in choices:
        groups.setdefault(choice["family"], []).append(choice)

    def position(family: str) -> tuple[int, str]:
        if family in FAMILY_ORDER:
            return (FAMILY_ORDER.index(family), family)
        return (len(FAMILY_ORDER) + (family == "Other"), family)

    result = []
    for family in sorted(groups, key=position):
        items = groups[family]
        ticked = sum(1 for c in items if c["checked"])
        result.append(
            {
                "family": family,
                "slug": slugify(family),
                "choices": items,
                "ticked": ticked,
                "open": family in OPEN_FAMILIES or ticked > 0,
            }
        )
    return result
