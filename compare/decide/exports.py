"""The decision as data: its JSON record and the evidence behind its answer (shared
by the JSON and Markdown exports)."""

from __future__ import annotations

import numpy as np
from django.urls import reverse

from catalogue.models import Framework, TraitValue
from catalogue.scoring.engine import (
    TIE_TOLERANCE,
    trait_weights,
)
from compare.decide.explain import Explanation, Named
from compare.decide.state import (
    KNOWLEDGE,
    decision_url,
)
from web.origin import absolute_url

# The decision record lists at most this many separating values, largest gap first.
EVIDENCE_ROWS = 15


def deciding_evidence(explanation: Explanation) -> tuple[list[Named], list[dict]]:
    """The values that separate the top three on the weighted traits (those that
    alone set two of them at least the tie tolerance apart, largest first), each
    with its own framework's source: what a reviewer of the decision would check. A
    value whose source is another catalogued framework's page (a third-party
    package's) says whose page it is."""
    matrix = explanation.matrix
    top = [line for line in explanation.lines if line.score is not None][:3]
    if matrix is None or len(top) < 2:
        return [Named(line.slug, line.name) for line in top], []
    weighted = trait_weights(matrix, explanation.decision.weights)
    total = sum(weighted.values())
    rows = [matrix.row_of[line.slug] for line in top]
    gaps = {}
    for trait, weight in weighted.items():
        if trait == KNOWLEDGE:
            continue
        j = matrix.column_of[trait]
        # Points of the score by which this value alone sets two of the three apart
        # (unknowns counted as in the ranking, the weakest known value).
        values = matrix.imputed[rows, j]
        gap = float(np.ptp(values)) * weight / total
        if gap >= TIE_TOLERANCE:
            gaps[trait] = gap
    separating = sorted(gaps, key=lambda t: -gaps[t])[:EVIDENCE_ROWS]
    slugs = [line.slug for line in top]
    found = {
        (v.framework.slug, v.trait.slug): v
        for v in TraitValue.objects.filter(
            framework__slug__in=slugs, trait__slug__in=separating
        ).select_related("framework", "trait")
    }
    owners = [
        (prefix.rstrip("/"), slug, name)
        for slug, name, *prefixes in Framework.objects.published().values_list(
            "slug", "name", "homepage", "docs_url", "repository_url"
        )
        for prefix in prefixes
        if prefix
    ]
    names = {t.slug: t.name for t in matrix.traits}
    evidence = []
    for trait in separating:
        cells = []
        for slug in slugs:
            value = found.get((slug, trait))
            if value is None or not value.is_known:
                cells.append({"display": "unknown", "source": "", "verified": None, "via": ""})
                continue
            source = value.source_url
            via = next(
                (
                    name
                    for prefix, owner, name in owners
                    if owner != slug and source.rstrip("/").startswith(prefix)
                ),
                "",
            )
            cells.append(
                {
                    "display": value.display,
                    "source": absolute_url(source) if source.startswith("/") else source,
                    "verified": value.verified_on,
                    "via": via,
                }
            )
        evidence.append({"trait": names.get(trait, trait), "cells": cells})
    return [Named(line.slug, line.name) for line in top], evidence


def _named(item: Named | None) -> dict | None:
    return None if item is None else {"slug": item.slug, "name": item.name}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _shares(lines: list) -> list[float]:
    """Wins shares rounded to 4 places so that they still sum to exactly 1
    (largest remainders get the last units)."""
    if not lines or not any(line.wins_share for line in lines):
        return [0.0 for _ in lines]
    units = [line.wins_share * 10_000 for line in lines]
    floors = [int(u) for u in units]
    missing = 10_000 - sum(floors)
    order = sorted(range(len(units)), key=lambda i: -(units[i] - floors[i]))
    for i in order[: max(0, missing)]:
        floors[i] += 1
    return [f / 10_000 for f in floors]


def to_json(explanation: Explanation, permalink: str, revision: int) -> dict:
    d = explanation.decision
    names = explanation.names
    shares = _shares(explanation.lines)
    return {
        "permalink": permalink,
        "catalogue_revision": revision,
        "watch": absolute_url(decision_url(explanation.decision, reverse("decision_feed"))),
        "scenario": d.scenario,
        "weights": d.weights,
        "criteria": [
            {"slug": slug, "name": names.get(slug, slug), "weight": weight}
            for slug, weight in d.weights.items()
        ],
        "must_haves": [_named(m) for m in explanation.must],
        "only": d.only or None,
        "team_knows": [_named(n) for n in explanation.known],
        "headline": explanation.headline,
        "effectively_level": [_named(n) for n in explanation.level],
        "ranking": [
            {
                "rank": line.rank,
                "slug": line.slug,
                "name": line.name,
                "stack": line.stack,  # [host, toolkit] for a toolkit ranked as its stack
                "folded": line.folded,  # its host's or sibling toolkits' slugs, not ranked apart
                "score": _round(line.score),
                "score_range": None if line.low is None else [_round(line.low), _round(line.high)],
                "uncertain": line.uncertain,
                "tied": line.tied,
                "wins_share": share,
                "evidence_coverage": _round(line.coverage),
                "contributions": {s.criterion: round(s.points, 4) for s in line.segments},
                "strongest": _named(line.strongest),
                "weakest": _named(line.weakest),
            }
            for line, share in zip(explanation.lines, shares, strict=True)
        ],
        "robustness": {
            "samples": explanation.result.samples,
            "method": "each positive weight drawn log-uniformly between half and double its "
            "value, each measured (lab) value drawn within its interval, the seed derived "
            "from the decision's canonical form (the same figures on every page that shows "
            "this decision, whatever order its criteria are given in); ties within the "
            "tolerance share the first place",
            "summary": explanation.robustness,
        },
        "ties": [[_named(n) for n in group] for group in explanation.ties],
        "eliminated": [
            {**_named(e.framework), "failed": [_named(t) for t in e.failed]}
            for e in explanation.eliminated
        ],
        "dominated": [{**_named(x.framework), "by": _named(x.by)} for x in explanation.dominated],
        "tipping_points": [
            {
                "criterion": p.criterion,
                "criterion_name": names.get(p.criterion, p.criterion),
                "current": p.current,
                "threshold": p.threshold,
                "direction": p.direction,
                "challenger": p.challenger,
                "challenger_name": explanation.framework_names.get(p.challenger, p.challenger),
                "margin": round(p.margin, 4),
            }
            for p in explanation.tipping
        ],
        "draws": [
            {
                "criterion": p.criterion,
                "current": p.current,
                "threshold": p.threshold,
                "direction": p.direction,
                "challenger": p.challenger,
            }
            for p in explanation.draws
        ],
        "tipping_points_checked_over": explanation.checked,
        "explanation": explanation.sentences,
        "warnings": explanation.warnings,
        "tie_tolerance": TIE_TOLERANCE,
    }
