"""The decision matrix: /decide/ (page or HTMX fragment), /decide.md (an
Architecture Decision Record) and /decide.json."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from catalogue import scope
from catalogue.caching import cached_page, memoize
from catalogue.errors import error_page
from catalogue.models import CatalogueRevision, Scenario, TraitValue
from catalogue.sharing import LinkPreview
from catalogue.views import (
    SITE_IMAGE_ALT,
    podium_text,
    ranked_scenarios,
    ranking_alt,
    top_three,
    wants_fragment,
)
from compare.canonical import same_query
from compare.decision import Catalogue, Decision, from_form, parse
from compare.explain import Explanation, Named, explain
from compare.matrix import current_matrix, load_matrix
from compare.pinning import Pin, changed_since, read_pin
from compare.preview import ranking_png
from compare.scenarios import scenario_must_haves, scenario_weights
from compare.scoring import (
    SAMPLE_SPREAD,
    SAMPLES,
    SUPPORT_LADDER,
    TIE_TOLERANCE,
    Matrix,
)
from web.methods import require_safe
from web.origin import absolute_url
from web.query import SLUG, Param, one, query_shape

# The permalink's comma lists, and the plain form's one field per checkbox or slider.
DECISION_PARAMETERS = {
    "scenario": one(shape=SLUG),
    "w": Param(values=128, comma=True, length=60),
    "must": Param(values=64, comma=True, shape=SLUG),
    "only": Param(values=64, comma=True, shape=SLUG),
    "rev": one(length=12),
}
PLAIN_FORM_PARAMETERS = {"w_": Param(values=128, length=3)}
BAD_DECISION = "This decision link has a mistake"


def _catalogue(matrix: Matrix, scenarios: list[Scenario]) -> Catalogue:
    return Catalogue(
        axes=[a.slug for a in matrix.axes],
        traits={t.slug for t in matrix.traits if t.scored},
        must_traits={t.slug for t in matrix.traits if t.type in ("boolean", "support")},
        frameworks=set(matrix.frameworks),
        scenarios={s.slug: (scenario_weights(s), scenario_must_haves(s)) for s in scenarios},
    )


def _names(matrix: Matrix) -> dict[str, str]:
    names = {t.slug: t.name for t in matrix.traits}
    names.update({a.slug: a.name for a in matrix.axes})
    return names


def _state(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Matrix, scenarios, catalogue, and the decision or the 400 response."""
    pin, pin_problem = read_pin(request)
    matrix = load_matrix(at=pin.at) if pin else current_matrix(_revision(request))
    request.pin = pin
    scenarios = ranked_scenarios(_revision(request))
    catalogue = _catalogue(matrix, scenarios)
    params: QueryDict | dict = request.GET
    from_plain_form = any(key.startswith("w_") for key in request.GET)
    if from_plain_form:
        params = QueryDict(mutable=True)
        params.update(from_form(request.GET, catalogue))
    decision, problems = parse(params, catalogue)
    if pin_problem:
        problems = [pin_problem, *problems]
        decision = None
    if problems:
        return (
            matrix,
            scenarios,
            None,
            error_page(
                request,
                400,
                BAD_DECISION,
                "Nothing was ranked. Fix the part named below, or start again.",
                problems=problems,
                back_url=reverse("compare:decide"),
                back_label="Start from equal weights",
                fragment=wants_fragment(request),
            ),
            from_plain_form,
        )
    return matrix, scenarios, decision, None, from_plain_form


def _revision(request: HttpRequest) -> int:
    return getattr(request, "catalogue_revision", None) or CatalogueRevision.current()


def _url(decision: Decision, path: str = "/decide/", pin: Pin | None = None) -> str:
    query = decision.query
    if pin:
        query = f"{query}&rev={pin.number}" if query else f"rev={pin.number}"
    return f"{path}?{query}" if query else path


@require_safe
@query_shape(DECISION_PARAMETERS, prefixes=PLAIN_FORM_PARAMETERS, title=BAD_DECISION)
@cached_page
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def decide(request: HttpRequest) -> HttpResponse:
    matrix, scenarios, decision, error, from_plain_form = _state(request)
    if error:
        return error
    pin = request.pin
    canonical = _url(decision, pin=pin)
    if pin:
        pin.changed_since = changed_since(pin.at, list(matrix.frameworks))
    if from_plain_form and not request.htmx:
        # The plain form sends one field per slider; the permalink is the compact form.
        return redirect(canonical)
    if not from_plain_form and _not_canonical(request, canonical):
        return HttpResponsePermanentRedirect(canonical)
    explanation = explain(matrix, decision, _names(matrix))
    context = _context(request, matrix, scenarios, decision, explanation, canonical)
    if wants_fragment(request):
        # The ranking, and the answer above the controls out of band.
        context["fragment"] = True
        response = render(request, "compare/decide.html#ranking", context)
        response["HX-Push-Url"] = canonical
        return response
    context["decide_form"] = _form(request, decision, context)
    return render(request, "compare/decide.html", context)


def _not_canonical(request: HttpRequest, canonical: str) -> bool:
    """One address (and one cache entry) per decision: `w=scope:09`, reordered,
    repeated or empty items and default weights redirect to the canonical form."""
    return not same_query(request.META.get("QUERY_STRING", ""), canonical.partition("?")[2])


def _form(request: HttpRequest, decision: Decision, context: dict) -> str:
    """The form, rendered: it shows the decision's state and the catalogue's
    criteria and frameworks, not their values, so it is kept until more than
    values change (a few hundred shortlist checkboxes at 500 frameworks)."""

    def render_form() -> str:
        return render_to_string("compare/decide.html#decide-form", context, request)

    if request.pin:
        return render_form()
    since = scope.last_global_change(_revision(request))
    return memoize("decide-form", since, decision.query, render_form)


@require_safe
@query_shape({})
@cached_page
def methodology(request: HttpRequest) -> HttpResponse:
    """How scores are computed, with every trait's share, family and reference scale,
    so each figure on a decision can be checked by hand."""
    matrix = current_matrix(_revision(request))
    informative = dict(zip([t.slug for t in matrix.scored_traits], matrix.informative, strict=True))
    axes = []
    for axis in matrix.axes:
        unit = matrix.axis_unit_weights[axis.slug]
        rows = []
        for trait in matrix.traits:
            if trait.axis != axis.slug:
                continue
            j = matrix.column_of.get(trait.slug)
            share = float(unit[j]) if j is not None else 0.0
            if not trait.scored:
                why = "Text: shown, not scored."
            elif trait.share == 0:
                why = "A fact to filter on or require; weigh it on its own if it matters to you."
            elif not informative.get(trait.slug, False):
                why = "Every framework has the same value: it cannot separate them."
            else:
                why = ""
            rows.append({"trait": trait, "share": share, "why": why})
        axes.append({"axis": axis, "rows": rows})
    context = {
        "nav": "decide",
        "axes": axes,
        "ladder": SUPPORT_LADDER,
        "tolerance": TIE_TOLERANCE,
        "samples": SAMPLES,
        "spread": SAMPLE_SPREAD,
        "share": LinkPreview(
            title="How decisions are scored",
            description="How Framewise turns sourced trait values into a ranking: fixed "
            "scales, shares of each axis, unknowns as ranges, robustness and tipping points.",
            path=reverse("compare:methodology"),
            image_path=reverse("catalogue:preview_image"),
            image_alt=SITE_IMAGE_ALT,
        ),
    }
    return render(request, "compare/methodology.html", context)


def _context(request, matrix, scenarios, decision, explanation, canonical) -> dict:  # type: ignore[no-untyped-def]
    scenario = next((s for s in scenarios if s.slug == decision.scenario), None)
    traits_by_axis = [
        {"axis": a, "traits": [t for t in matrix.traits if t.axis == a.slug and t.scored]}
        for a in matrix.axes
    ]
    return {
        "nav": "decide",
        "decision": decision,
        "x": explanation,
        "scenario": scenario,
        "scenarios": scenarios,
        "axes": matrix.axes,
        "traits_by_axis": traits_by_axis,
        "must_traits": [t for t in matrix.traits if t.type in ("boolean", "support")],
        "frameworks": matrix.frameworks,
        "canonical": canonical,
        "permalink": absolute_url(canonical),
        "adr_url": _url(decision, reverse("compare:decide_export", args=["md"]), request.pin),
        "json_url": _url(decision, reverse("compare:decide_export", args=["json"]), request.pin),
        "pin": request.pin,
        "current_url": _url(decision),
        "weight_range": range(0, 11),
        "share": _share(request, decision, explanation, scenario, canonical),
    }


def _decision_title(scenario: Scenario | None) -> str:
    return f"Decision: {scenario.name}" if scenario else "Decision matrix"


def _share(request, decision, explanation, scenario, canonical) -> LinkPreview:  # type: ignore[no-untyped-def]
    title = _decision_title(scenario)
    places = top_three(explanation)
    ranked = f"Top three: {podium_text(places)}. " if places else ""
    return LinkPreview(
        title=title,
        description=f"{ranked}Ranked on the team's own weights, with the reasons.",
        path=canonical,
        image_path=_url(decision, reverse("compare:decide_export", args=["png"]), request.pin),
        image_alt=ranking_alt(title, places),
    )


@require_safe
@query_shape(DECISION_PARAMETERS, prefixes=PLAIN_FORM_PARAMETERS, title=BAD_DECISION)
@cached_page
def decide_export(request: HttpRequest, fmt: str) -> HttpResponse:
    matrix, scenarios, decision, error, from_plain_form = _state(request)
    if error:
        return error
    canonical = _url(decision, request.path, request.pin)
    if not from_plain_form and _not_canonical(request, canonical):
        return HttpResponsePermanentRedirect(canonical)
    explanation = explain(matrix, decision, _names(matrix))
    if fmt == "png":
        scenario = next((s for s in scenarios if s.slug == decision.scenario), None)
        subtitle = "Ranked by weighted, sourced traits"
        body = ranking_png(_decision_title(scenario), subtitle, top_three(explanation))
        return HttpResponse(body, content_type="image/png")
    permalink = absolute_url(_url(decision, pin=request.pin))
    revision = request.pin.number if request.pin else CatalogueRevision.current()
    if fmt == "json":
        return HttpResponse(
            json.dumps(to_json(explanation, permalink, revision), indent=2, ensure_ascii=False),
            content_type="application/json",
        )
    scenario = next((s for s in scenarios if s.slug == decision.scenario), None)
    evidence = _deciding_evidence(matrix, explanation)
    body = render(
        request,
        "compare/adr.md",
        {
            "x": explanation,
            "scenario": scenario,
            "permalink": permalink,
            "revision": revision,
            "today": timezone.localdate(),
            "evidence": evidence,
            "frameworks": matrix.frameworks,
        },
        content_type="text/markdown; charset=utf-8",
    )
    body["Content-Disposition"] = 'attachment; filename="framework-decision.md"'
    return body


def _deciding_evidence(matrix: Matrix, explanation: Explanation) -> list[dict]:
    """Sources of the values behind the top two frameworks' scores, on the
    weighted traits: what a reviewer of the decision would check first."""
    top = [line.slug for line in explanation.lines[:2]]
    from compare.scoring import trait_weights

    weighted = trait_weights(matrix, explanation.decision.weights)
    names = {t.slug: t.name for t in matrix.traits}
    rows = (
        TraitValue.objects.filter(framework__slug__in=top, trait__slug__in=list(weighted))
        .exclude(source_url="")
        .values_list("framework__name", "trait__slug", "source_url", "verified_on")
        .order_by("trait__axis__order", "trait__order", "framework__name")
    )
    return [
        {"framework": fw, "trait": names[t], "source": src, "verified": day}
        for fw, t, src, day in rows
    ]


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
        "scenario": d.scenario,
        "weights": d.weights,
        "criteria": [
            {"slug": slug, "name": names.get(slug, slug), "weight": weight}
            for slug, weight in d.weights.items()
        ],
        "must_haves": [_named(m) for m in explanation.must],
        "only": d.only or None,
        "ranking": [
            {
                "rank": line.rank,
                "slug": line.slug,
                "name": line.name,
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
            "value, fixed seed; ties within the tolerance share the first place",
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
        "explanation": explanation.sentences,
        "warnings": explanation.warnings,
        "tie_tolerance": TIE_TOLERANCE,
    }
