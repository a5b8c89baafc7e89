"""The API's JSON shapes: catalogue rows as plain dicts (no request in sight).
`api.schema` describes exactly these shapes; a test checks every response
against it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from catalogue.models import Axis, Framework, Scenario, Trait, TraitValue
from web.origin import absolute_url

# What a value's date means, by its origin.
DATE_MEANING = {"curated": "verified", "fetched": "fetched", "measured": "measured"}


def _url_or_none(url: str) -> str | None:
    return url or None


def source_url(source: str) -> str | None:
    """A value's source as an absolute URL (the lab's sources are paths on this site)."""
    if not source:
        return None
    return absolute_url(source) if source.startswith("/") else source


def framework(f: Framework) -> dict[str, Any]:
    """A framework as the list shows it; `f` has `builds_on` and `aliases` loaded."""
    return {
        "slug": f.slug,
        "name": f.name,
        "kind": f.kind,
        "interfaces": {"wsgi": f.wsgi, "asgi": f.asgi, "own_server": f.own_server},
        "builds_on": f.builds_on.slug if f.builds_on_id else None,
        "aliases": sorted(a.slug for a in f.aliases.all()),
        "summary": f.summary,
        "homepage": _url_or_none(f.homepage),
        "docs": _url_or_none(f.docs_url),
        "repository": _url_or_none(f.repository_url),
        "package": f.package_name or None,
        "licence": f.licence or None,
        "first_release_year": f.first_release_year,
        "latest_version": f.latest_version or None,
        "latest_release": f.latest_release or None,
        "url": absolute_url(reverse("api:framework", args=[f.slug])),
        "page": absolute_url(f.get_absolute_url()),
    }


def typed(value: TraitValue) -> Any:
    raw = value.value
    if raw is None:
        return None
    if value.trait.type == "scale":
        return int(raw)
    if value.trait.type == "number":
        return float(raw)
    return raw


def provenance(v: TraitValue) -> dict[str, Any]:
    return {
        "origin": v.origin,
        "source": source_url(v.source_url),
        "version": v.applies_to_version or None,
        "date": v.verified_on.isoformat() if v.verified_on else None,
        "date_is": DATE_MEANING.get(v.origin, "verified"),
        "note": v.note or None,
    }


def value(v: TraitValue, with_framework: bool = True) -> dict[str, Any]:
    """One framework × one trait; `v` has `trait` (and `framework`) loaded."""
    data: dict[str, Any] = {}
    if with_framework:
        data["framework"] = v.framework.slug
    data.update(
        {
            "trait": v.trait.slug,
            "type": v.trait.type,
            "value": typed(v),
            "display": v.display,
            "unit": v.trait.unit or None,
            "provenance": provenance(v),
        }
    )
    return data


def framework_detail(f: Framework, values: list[TraitValue]) -> dict[str, Any]:
    return {
        **framework(f),
        "description": f.description,
        "values": [value(v, with_framework=False) for v in values],
    }


def axis(a: Axis) -> dict[str, Any]:
    return {"slug": a.slug, "name": a.name, "order": a.order, "description": a.description}


def trait(t: Trait) -> dict[str, Any]:
    """A trait with what it means, how a value is judged (its rubric: per level, the
    test that decides it, and the borderline cases) and, for a number, the reference
    scale it is scored on."""
    scale = None
    if t.scale_low is not None and t.scale_high is not None:
        scale = {"low": t.scale_low, "high": t.scale_high, "log": t.log_scale}
    return {
        "slug": t.slug,
        "name": t.name,
        "axis": t.axis.slug,
        "type": t.type,
        "unit": t.unit or None,
        "direction": t.direction or None,
        "family": t.family or None,
        "key": t.is_key,
        "share_of_axis": t.axis_share,
        "scale": scale,
        "never_stale": t.never_stale,
        "description": t.description,
        "rubric": {
            "levels": {k: v for k, v in t.rubric.items() if k != "borderline"},
            "borderline": list(t.rubric.get("borderline", [])),
        },
    }


def scenario(s: Scenario) -> dict[str, Any]:
    """`s` has its weights (with axis and trait) and must-haves loaded."""
    return {
        "slug": s.slug,
        "name": s.name,
        "summary": s.summary,
        "rationale": s.rationale,
        "weights": {w.criterion_slug: w.weight for w in s.weights.all()},
        "must_haves": sorted(t.slug for t in s.must_haves.all()),
        "page": absolute_url(s.get_absolute_url()),
        "decision": absolute_url(f"{reverse('compare:decide')}?scenario={s.slug}"),
    }
