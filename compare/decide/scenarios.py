"""The scenarios' pages (list, one scenario, its editor's draft and its link-preview
image) and the podium wording the decision shares with them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from catalogue.models import (
    CatalogueRevision,
    Scenario,
)
from catalogue.permissions import editor_only
from catalogue.scoring.matrix import current_matrix
from catalogue.scoring.scenarios import scenario_must_haves, scenario_weights
from catalogue.site import SITE_IMAGE_ALT
from compare.decide.explain import explain
from compare.decide.state import Decision
from web.cache.pages import cached_page
from web.errors import error_page
from web.images import ranking_png
from web.link_previews import LinkPreview
from web.methods import require_safe
from web.query import NO_PARAMETERS, query_shape


@require_safe
@query_shape(NO_PARAMETERS)
@cached_page(frameworks=lambda request: [])  # no framework's values: kept across value edits
def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = Scenario.objects.for_ranking()
    share = LinkPreview(
        title="Scenarios: what are you building?",
        description="Typical projects, and what each one should weigh when choosing a Python "
        "web framework.",
        path=reverse("catalogue:scenario_list"),
        image_path=reverse("catalogue:preview_image"),
        image_alt=SITE_IMAGE_ALT,
    )
    return render(
        request,
        "catalogue/scenario_list.html",
        {"nav": "scenarios", "scenarios": scenarios, "share": share},
    )


def _scenario_not_found(request: HttpRequest, slug: str) -> HttpResponse:
    return error_page(
        request,
        404,
        "No such scenario",
        f"There is no scenario “{slug}”.",
        back_url=reverse("catalogue:scenario_list"),
        back_label="See all scenarios",
    )


@require_safe
@query_shape(NO_PARAMETERS)
@cached_page
def scenario_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = Scenario.objects.for_ranking().filter(slug=slug).first()
    if scenario is None:
        lowered = Scenario.objects.published().filter(slug=slug.lower()).first()
        if lowered:
            return redirect(lowered, permanent=True)
        return _scenario_not_found(request, slug)
    return _scenario_page(request, scenario)


@require_safe
@cache_control(private=True, no_store=True)  # an editor's draft: kept by no cache
def scenario_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """An editor's view of the real page of a scenario, draft or not."""
    denied = editor_only(request, "catalogue.view_scenario")
    if denied:
        return denied
    scenario = Scenario.objects.with_criteria().filter(slug=slug).first()
    if scenario is None:
        return _scenario_not_found(request, slug)
    return _scenario_page(request, scenario, preview=True)


def _scenario_explanation(request: HttpRequest, scenario: Scenario) -> tuple[Any, Any]:
    """The scenario's criteria names and its ranking explained, as on its page."""
    revision = getattr(request, "catalogue_revision", None) or CatalogueRevision.current()
    matrix = current_matrix(revision)
    names = _criterion_names(matrix)
    decision = Decision(
        scenario=scenario.slug,
        weights=scenario_weights(scenario),
        must=scenario_must_haves(scenario),
    )
    return names, explain(matrix, decision, names)


def _scenario_page(request: HttpRequest, scenario: Scenario, preview: bool = False):
    names, x = _scenario_explanation(request, scenario)
    context = {
        "nav": "scenarios",
        "scenario": scenario,
        "x": x,
        "weights": scenario_weights(scenario),
        "criteria": names,
        "preview": preview,
        "share": LinkPreview(
            title=f"{scenario.name}: which Python web framework fits",
            description=scenario.summary,
            path=reverse("catalogue:scenario", args=[scenario.slug]),
            image_path=reverse("catalogue:scenario_image", args=[scenario.slug]),
            image_alt=ranking_alt(scenario.name, top_three(x)),
        ),
    }
    return render(request, "catalogue/scenario_detail.html", context)


def top_three(x: Any) -> list[tuple[str, float | None]]:
    """The top three of an explained ranking, with their scores (0..1)."""
    return [(line.name, line.score) for line in x.lines if line.score is not None][:3]


def podium_text(places: list[tuple[str, float | None]]) -> str:
    """“1. FastAPI (80.2/100), 2. Sanic (78.0/100), 3. Tornado (75.4/100)”."""
    return ", ".join(
        f"{i}. {name} ({score * 100:.1f}/100)" if score is not None else f"{i}. {name}"
        for i, (name, score) in enumerate(places, start=1)
    )


def ranking_alt(title: str, places: list[tuple[str, float | None]]) -> str:
    """The alt text of a ranking image: the top three with their scores."""
    if not places:
        return f"{title}: no framework is left to rank."
    return f"{title}, the top three: {podium_text(places)}."


@require_safe
@query_shape(NO_PARAMETERS)  # a cache-buster is a 301, not a new image
@cached_page
def scenario_image(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = Scenario.objects.for_ranking().filter(slug=slug).first()
    if scenario is None:
        return _scenario_not_found(request, slug)
    _, x = _scenario_explanation(request, scenario)
    subtitle = "Best fits, scored on the scenario's weights"
    body = ranking_png(scenario.name, subtitle, top_three(x))
    return HttpResponse(body, content_type="image/png")


def _criterion_names(matrix: Any) -> dict[str, str]:
    names = {a.slug: a.name for a in matrix.axes}
    names.update({t.slug: t.name for t in matrix.traits})
    return names
