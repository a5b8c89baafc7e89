"""How many frameworks each choice of the catalogue's filter form would leave."""

from __future__ import annotations

from collections import Counter

import numpy as np
from django.db.models import Count, Q
from django.utils.text import slugify

from catalogue.browse.filters import FrameworkFilter
from catalogue.browse.wanted import LEVEL_CHOICES, Wanted
from catalogue.models import Kind, SupportLevel, Trait, TraitType, TraitValue
from catalogue.scoring.engine import Matrix
from catalogue.scoring.matrix import matrix_unless_reread

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


def facets(traits: list[Trait], filterset: FrameworkFilter, revision: int) -> dict:
    """How many frameworks each choice would leave: one query (the frameworks that
    meet every filter but kind and interface), whatever the choices; the "has"
    counts come from the shared matrix of `revision` (`catalogue.scoring.matrix`), not from
    a scan of every value, unless the matrix waits for a full read after a change
    beyond values (then one more query). `total`: how many meet every filter (the
    list's count, without a query of its own)."""
    data = filterset.form.cleaned_data
    others = filterset.without("kind", "interface")
    rows = list(others.values_list("slug", "kind", "wsgi", "asgi"))
    selected_kind = set(data.get("kind") or [])
    selected_interface = set(data.get("interface") or [])

    def kind_ok(kind: str) -> bool:
        return not selected_kind or kind in selected_kind

    def interface_ok(wsgi: bool, asgi: bool) -> bool:
        # A framework with any one of the interfaces ticked.
        if not selected_interface:
            return True
        return bool(
            (wsgi and "wsgi" in selected_interface) or (asgi and "asgi" in selected_interface)
        )

    kind_counts = Counter(kind for _, kind, wsgi, asgi in rows if interface_ok(wsgi, asgi))
    interface_counts = {
        "wsgi": sum(1 for _, kind, wsgi, _ in rows if wsgi and kind_ok(kind)),
        "asgi": sum(1 for _, kind, _, asgi in rows if asgi and kind_ok(kind)),
    }
    current = [slug for slug, kind, w, a in rows if kind_ok(kind) and interface_ok(w, a)]
    # Ticked boxes and the traits a search was read as: the form shows every filter in force.
    ticked = {w.slug: w for w in filterset.wanted}
    matrix = matrix_unless_reread(revision)
    if matrix is None:
        by_id = _has_counts_by_query(filterset, ticked)
    else:
        by_id = _has_counts(matrix, traits, current, ticked)
    return {
        "total": len(current),
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


def _has_counts(
    matrix: Matrix, traits: list[Trait], slugs: list[str], ticked: dict[str, Wanted]
) -> dict[int, int]:
    """By trait id: how many of these frameworks have the trait, at the level asked
    for when it is ticked, otherwise built in or first-party (a must-have's test)."""
    rows = np.fromiter(
        (matrix.row_of[slug] for slug in slugs if slug in matrix.row_of), dtype=np.intp
    )
    counts = {}
    for trait in traits:
        item = ticked.get(trait.slug)
        if item is None:
            counts[trait.pk] = int(np.count_nonzero(matrix.meets(trait.slug)[rows]))
        else:
            values = matrix.values
            counts[trait.pk] = sum(
                1 for slug in slugs if item.accepts(values.get((slug, trait.slug)))
            )
    return counts


def _has_counts_by_query(filterset: FrameworkFilter, ticked: dict[str, Wanted]) -> dict[int, int]:
    """`_has_counts` in one query over the values of the frameworks meeting the
    filters: while the shared matrix waits for a full read after a change beyond
    values."""
    supported = Q(bool_value=True) | Q(
        support_value__in=[SupportLevel.BUILT_IN, SupportLevel.FIRST_PARTY]
    )
    meets = supported & ~Q(trait__in=[w.trait for w in ticked.values()])
    for item in ticked.values():
        meets |= Q(trait=item.trait) & item.condition()
    # (framework, trait) is unique, so counting rows counts frameworks; grouping by
    # the trait's id avoids a join over every value.
    return dict(
        TraitValue.objects.filter(meets, framework__in=filterset.qs.order_by().values("pk"))
        .order_by()
        .values_list("trait_id")
        .annotate(n=Count("pk"))
    )


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
