"""A framework's page, its editor's draft (preview) and its link-preview image."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control

from catalogue.lookup import resolve_framework, suggestions
from catalogue.models import (
    Axis,
    CatalogueRevision,
    Framework,
    Scenario,
    Trait,
    TraitValue,
)
from catalogue.permissions import editor_only
from catalogue.revision import scope
from catalogue.rubrics import explained
from catalogue.scoring.engine import AxisInfo, TraitInfo
from catalogue.scoring.evidence import Evidence
from catalogue.scoring.podiums import nearest_alternatives, scenario_podiums
from compare.grid import samples
from compare.grid.render import axis_sections
from compare.grid.table import for_one
from web.cache.pages import cached_page
from web.cache.store import memoize
from web.errors import error_page
from web.images import facts_png
from web.link_previews import LinkPreview
from web.methods import require_safe
from web.query import NO_PARAMETERS, query_shape


def framework_not_found(request: HttpRequest, slug: str) -> HttpResponse:
    return error_page(
        request,
        404,
        "No such framework",
        f"There is no framework “{slug}” in the catalogue.",
        suggestions=suggestions(slug),
        back_url=reverse("catalogue:framework_list"),
        back_label="Browse all frameworks",
    )


@require_safe
@query_shape(NO_PARAMETERS)
@cached_page
def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework, canonical = resolve_framework(slug)
    if canonical:
        return redirect("catalogue:framework", slug=canonical, permanent=True)
    if framework is None:
        return framework_not_found(request, slug)
    return _framework_page(request, framework)


@require_safe
@cache_control(private=True, no_store=True)  # an editor's draft: kept by no cache
def framework_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """An editor's view of the real page of a framework, draft or not."""
    denied = editor_only(request, "catalogue.view_framework")
    if denied:
        return denied
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        return framework_not_found(request, slug)
    return _framework_page(request, framework, preview=True)


def _traits_section(framework: Framework) -> dict[str, Any]:
    """A framework's values by axis, rendered, with what the page says about them."""
    values = {v.trait_id: v for v in TraitValue.objects.for_framework_page(framework)}
    host = framework.builds_on.name if framework.builds_on_id else ""
    traits = list(Trait.objects.select_related("axis"))
    axis_list = list(Axis.objects.all())
    rows = for_one(
        (framework.slug, framework.name),
        [AxisInfo(a.slug, a.name) for a in axis_list],
        [(_trait_info(t), explained(t, _value_of(values.get(t.pk))), t.unit) for t in traits],
        {t.slug: _typed(values.get(t.pk), host) for t in traits},
    )
    groups = [(g, g.rows) for g in rows.groups]
    by_slug = {t.slug: values.get(t.pk) for t in traits}
    maintenance, releases = by_slug.get("maintenance-status"), by_slug.get("releases-12m")
    return {
        "sections": axis_sections(rows, groups, note_column=True),  # escaped when built
        "axes": [
            {"slug": g.slug, "name": g.name, "rows": len(g.rows), "known": _known(g)}
            for g in rows.groups
        ],
        "maintenance": maintenance.display if maintenance and maintenance.is_known else "",
        "releases": releases.display if releases and releases.is_known else "",
        "known": sum(1 for v in values.values() if v.is_known),
        "unknown": sum(1 for v in values.values() if not v.is_known),
        "image_alt": _facts_alt(framework, _key_facts(framework, values)),
    }


def _framework_traits(revision: int, framework: Framework, preview: bool) -> dict[str, Any]:
    """`_traits_section`, kept until this framework's values or anything beyond
    values change (an edit to another framework leaves it as it is), and per day
    (it says how long ago each value was verified)."""
    if preview:
        return _traits_section(framework)
    since = scope.content_revision(revision, [framework.slug])
    parts = f"{framework.slug}:{timezone.localdate().isoformat()}"
    return memoize("framework-traits", since, parts, lambda: _traits_section(framework))


def _framework_page(request: HttpRequest, framework: Framework, preview: bool = False):
    revision = getattr(request, "catalogue_revision", None) or CatalogueRevision.current()
    section = _framework_traits(revision, framework, preview)
    scenarios = {s.slug: s for s in Scenario.objects.published()}
    fits = [
        {"scenario": scenarios[slug], "position": top.index(framework.slug) + 1, "of": size}
        for slug, (top, size) in scenario_podiums(revision).items()
        if slug in scenarios and framework.slug in top
    ]
    alternatives = [
        {"slug": slug, "name": name, "compare": "-vs-".join(sorted([framework.slug, slug]))}
        for slug, name in nearest_alternatives(revision, framework.slug)
    ]

    context = {
        "nav": "frameworks",
        "framework": framework,
        "axes": section["axes"],
        "sections": section["sections"],
        "maintenance": section["maintenance"],
        "releases": section["releases"],
        "fits": fits,
        "alternatives": alternatives,
        "known": section["known"],
        "unknown": section["unknown"],
        "preview": preview,
        "samples": samples.for_framework(framework.slug),
        "share": LinkPreview(
            title=f"{framework.name}: {framework.get_kind_display().lower()}",
            description=framework.summary,
            path=reverse("catalogue:framework", args=[framework.slug]),
            image_path=reverse("catalogue:framework_image", args=[framework.slug]),
            image_alt=section["image_alt"],
        ),
    }
    return render(request, "catalogue/framework_detail.html", context)


def _trait_info(trait: Trait) -> TraitInfo:
    return TraitInfo(
        trait.slug,
        trait.name,
        trait.axis.slug,
        trait.type,
        trait.direction,
        trait.axis_share,
        trait.scale_low,
        trait.scale_high,
        trait.log_scale,
        trait.family,
    )


def _value_of(value: TraitValue | None) -> Any:
    return value.value if value is not None else None


def _typed(value: TraitValue | None, host: str = "") -> tuple[Any, Evidence]:
    """A value as the grid reads it: the typed value (None when unknown) and its evidence.
    `host`: the framework a toolkit builds on, named on the values it inherits."""
    if value is None:
        return None, Evidence()
    return value.value, Evidence(
        note=value.note,
        source=value.source_url,
        version=value.applies_to_version,
        verified=value.verified_on,
        stale=value.is_stale(),
        origin=value.origin,
        inherited=host if value.inherited else "",
    )


def _known(group: Any) -> int:
    return sum(1 for row in group.rows if row.cells and row.cells[0].known)


def _key_facts(framework: Framework, values: dict[int, TraitValue]) -> list[tuple[str, str]]:
    """What a framework's link-preview image says: its facts, then its key traits."""
    facts = [
        ("Kind", framework.get_kind_display()),
        ("Server interface", ", ".join(framework.interfaces) or "—"),
        ("Licence", framework.licence or "—"),
        ("Latest version", framework.latest_version or "—"),
        ("First release", str(framework.first_release_year or "—")),
        (
            "Values known",
            f"{sum(1 for v in values.values() if v.is_known)} of {len(values)}",
        ),
    ]
    keys = sorted(
        (v for v in values.values() if v.trait.is_key and v.is_known),
        key=lambda v: (v.trait.axis.order, v.trait.order),
    )
    return facts + [(v.trait.name, v.display) for v in keys]


def _facts_alt(framework: Framework, facts: list[tuple[str, str]]) -> str:
    listed = "; ".join(f"{label}: {value}" for label, value in facts[:8])
    return f"{framework.name}, key facts. {listed}."


@require_safe
@query_shape(NO_PARAMETERS)  # a cache-buster is a 301, not a new image
@cached_page
def framework_image(request: HttpRequest, slug: str) -> HttpResponse:
    framework = Framework.objects.published().filter(slug=slug).first()
    if framework is None:
        return framework_not_found(request, slug)
    values = {v.trait_id: v for v in TraitValue.objects.for_framework_page(framework)}
    body = facts_png(framework.name, framework.summary, _key_facts(framework, values)[:8])
    return HttpResponse(body, content_type="image/png")
