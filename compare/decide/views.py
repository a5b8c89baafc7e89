"""The decision matrix: /decide/ (page or HTMX fragment), /decide.md (an
Architecture Decision Record) and /decide.json."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from catalogue.models import CatalogueRevision, Framework, Scenario
from catalogue.revision import scope
from catalogue.revision.pinning import changed_since, read_pin
from catalogue.rubrics import rubrics_by_axis
from catalogue.scoring.engine import (
    SAMPLE_SPREAD,
    SAMPLES,
    SUPPORT_LADDER,
    TIE_TOLERANCE,
    Matrix,
)
from catalogue.scoring.knowledge import RELATED, Relations
from catalogue.scoring.matrix import current_matrix
from catalogue.scoring.podiums import ranked_scenarios
from catalogue.scoring.scenarios import scenario_must_haves, scenario_weights
from catalogue.site import SITE_IMAGE_ALT
from compare.decide.explain import Explanation, explain, podium
from compare.decide.exports import deciding_evidence, to_json
from compare.decide.form import decide_form, form_parts
from compare.decide.scenarios import podium_text, ranking_alt, top_three
from compare.decide.state import (
    KNOWLEDGE,
    MUST_LEVELS,
    Asked,
    Catalogue,
    Decision,
    decision_url,
    from_form,
    parse,
)
from compare.decide.watch import matrix_at
from web.cache.pages import cached_page
from web.cache.store import memoize
from web.errors import error_page
from web.htmx import wants_fragment
from web.images import ranking_png
from web.link_previews import LinkPreview
from web.methods import require_safe
from web.origin import absolute_url
from web.query import MUST, SLUG, Param, one, query_shape, same_query

# The permalink's comma lists, and the plain form's one field per checkbox or slider.
DECISION_PARAMETERS = {
    "scenario": one(shape=SLUG),
    "w": Param(values=128, comma=True, length=60),
    "must": Param(values=64, comma=True, length=80, shape=MUST),
    "know": Param(values=16, comma=True, shape=SLUG),
    "only": Param(values=64, comma=True, shape=SLUG),
    "rev": one(length=12),
}
PLAIN_FORM_PARAMETERS = {
    "w_": Param(values=128, length=3),
    "level_": Param(values=128, length=12),
}
BAD_DECISION = "This decision link has a mistake"


def catalogue_for(matrix: Matrix, scenarios: list[Scenario]) -> Catalogue:
    return Catalogue(
        axes=[a.slug for a in matrix.axes],
        traits={t.slug for t in matrix.traits if t.scored},
        must_traits={t.slug for t in matrix.traits if t.type in ("boolean", "support")},
        frameworks=set(matrix.frameworks),
        scenarios={s.slug: (scenario_weights(s), scenario_must_haves(s)) for s in scenarios},
        support_traits={t.slug for t in matrix.traits if t.type == "support"},
    )


def _valid(problems: list[str], catalogue: Catalogue) -> list[str]:
    """What would have been valid for the first parameter a problem names."""
    name = problems[0].split("=", 1)[0].split(":", 1)[0].strip() if problems else ""
    if name == "scenario":
        return sorted(catalogue.scenarios)
    if name == "w":
        # team-knowledge too, but only beside know=<framework>, as its message says.
        return [*catalogue.axes, *sorted(catalogue.traits)]
    if name == "must":
        musts = sorted(catalogue.must_traits)
        levels = [f"{t}:{level}" for t in sorted(catalogue.support_traits) for level in MUST_LEVELS]
        return [*musts, *levels, *(f"-{t}" for t in musts)]
    if name in ("only", "know"):
        return sorted(catalogue.frameworks)
    return sorted(DECISION_PARAMETERS)


def relations(revision: int) -> Relations:
    """Which published framework builds on which (for team knowledge): one query
    per change to more than values."""
    since = scope.last_global_change(revision)
    return memoize(
        "builds-on",
        since,
        "",
        lambda: dict(
            Framework.objects.published()
            .filter(builds_on__isnull=False)
            .values_list("slug", "builds_on__slug")
        ),
        local=True,
    )


def criterion_names(matrix: Matrix) -> dict[str, str]:
    names = {t.slug: t.name for t in matrix.traits}
    names.update({a.slug: a.name for a in matrix.axes})
    return names


def _asked(request: HttpRequest) -> Asked:
    """The decision the request's URL asks for (or the 400 page), with its matrix."""
    pin, pin_problem = read_pin(request)
    revision = _revision(request)
    # A pinned decision: the catalogue as it was, rebuilt from the current one and the
    # history of the values saved since (what `load_matrix(at=…)` reads, 80 ms of
    # CPU for every pinned address, is read once per revision for every decision).
    current = current_matrix(revision)
    matrix = matrix_at(pin.at, current, pin.number, revision) if pin else current
    request.pin = pin
    scenarios = ranked_scenarios(_revision(request))
    catalogue = catalogue_for(matrix, scenarios)
    params: QueryDict | dict = request.GET
    from_plain_form = any(key.startswith("w_") for key in request.GET)
    if from_plain_form:
        params = QueryDict(mutable=True)
        for key, value in from_form(request.GET, catalogue).items():
            params.setlist(key, value if isinstance(value, list) else [value])
    decision, problems = parse(params, catalogue)
    if pin_problem:
        problems = [pin_problem, *problems]
        decision = None
    if problems:
        return Asked(
            matrix,
            scenarios,
            None,
            error=error_page(
                request,
                400,
                BAD_DECISION,
                "Nothing was ranked. Fix the part named below, or start again.",
                problems=problems,
                back_url=reverse("compare:decide"),
                back_label="Start from equal weights",
                fragment=wants_fragment(request),
                valid=_valid(problems, catalogue),
            ),
            from_plain_form=from_plain_form,
        )
    return Asked(matrix, scenarios, decision, from_plain_form=from_plain_form)


def _revision(request: HttpRequest) -> int:
    return getattr(request, "catalogue_revision", None) or CatalogueRevision.current()


@require_safe
@query_shape(DECISION_PARAMETERS, prefixes=PLAIN_FORM_PARAMETERS, title=BAD_DECISION)
@cached_page
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def decide(request: HttpRequest) -> HttpResponse:
    asked = _asked(request)
    if asked.error:
        return asked.error
    matrix, scenarios, decision = asked.matrix, asked.scenarios, asked.decision
    from_plain_form = asked.from_plain_form
    pin = request.pin
    canonical = decision_url(decision, pin=pin)
    if pin:
        pin.changed_since = changed_since(pin.at, list(matrix.frameworks))
    if from_plain_form and not request.htmx:
        # The plain form sends one field per slider; the permalink is the compact form.
        return redirect(canonical)
    if not from_plain_form and _not_canonical(request, canonical):
        return HttpResponsePermanentRedirect(canonical)
    explanation = _explain(request, matrix, decision)
    context = _context(request, matrix, scenarios, decision, explanation, canonical)
    if wants_fragment(request):
        # The ranking, and the answer above the controls out of band.
        context["fragment"] = True
        response = render(request, "compare/decide.html#ranking", context)
        response["HX-Push-Url"] = canonical
        return response
    context["decide_form"] = _form(request, matrix, scenarios, decision)
    return render(request, "compare/decide.html", context)


def _explain(request: HttpRequest, matrix: Matrix, decision: Decision) -> Explanation:
    links = relations(_revision(request)) if decision.know else None
    return explain(matrix, decision, criterion_names(matrix), links)


def _not_canonical(request: HttpRequest, canonical: str) -> bool:
    """One address (and one cache entry) per decision: `w=scope:09`, reordered,
    repeated or empty items and default weights redirect to the canonical form."""
    return not same_query(request.META.get("QUERY_STRING", ""), canonical.partition("?")[2])


def _form(
    request: HttpRequest, matrix: Matrix, scenarios: list[Scenario], decision: Decision
) -> str:
    """The form (`compare/decide/form.py`): its catalogue-only markup is kept until
    more than values change (a few hundred shortlist checkboxes at 500 frameworks),
    the decision's values are put in per request. Every new decision reads it, so
    the process keeps its own copy (`local`). A pinned decision's matrix has the
    current frameworks and traits (only older values), so it shares it."""
    since = scope.last_global_change(_revision(request))
    parts = memoize(
        "decide-form-parts", since, "", lambda: form_parts(matrix, scenarios), local=True
    )
    return decide_form(parts, decision, request.pin)


@require_safe
@query_shape({})
@cached_page
def methodology(request: HttpRequest) -> HttpResponse:
    """How scores are computed, with every trait's share, family and reference scale,
    so each figure on a decision can be checked by hand."""
    matrix = current_matrix(_revision(request))
    context = {"nav": "decide", "axes": axis_splits(matrix), "related": RELATED}
    context.update(
        {
            "ladder": SUPPORT_LADDER,
            "tolerance": TIE_TOLERANCE,
            "samples": SAMPLES,
            "spread": SAMPLE_SPREAD,
            "rubrics": rubrics_by_axis(),
            "share": LinkPreview(
                title="How decisions are scored",
                description="How Framewise turns sourced trait values into a ranking: fixed "
                "scales, shares of each axis, unknowns as ranges, robustness and tipping points.",
                path=reverse("compare:methodology"),
                image_path=reverse("catalogue:preview_image"),
                image_alt=SITE_IMAGE_ALT,
            ),
        }
    )
    return render(request, "compare/methodology.html", context)


def axis_splits(matrix: Matrix) -> list[dict]:
    """Per axis, computed from the data: each trait's part of the axis's weight,
    and each family's (the sum of its traits' parts, with how many of them count)."""
    informative = dict(zip([t.slug for t in matrix.scored_traits], matrix.informative, strict=True))
    axes = []
    for axis in matrix.axes:
        unit = matrix.axis_unit_weights[axis.slug]
        rows = []
        families: dict[str, dict] = {}
        for trait in matrix.traits:
            if trait.axis != axis.slug or trait.slug == KNOWLEDGE:
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
            if share > 0:
                family = families.setdefault(
                    trait.family or trait.name,
                    {"name": trait.family or trait.name, "share": 0.0, "traits": 0},
                )
                family["share"] += share
                family["traits"] += 1
        split = sorted(families.values(), key=lambda f: -f["share"])
        axes.append({"axis": axis, "rows": rows, "families": split})
    return axes


def _context(request, matrix, scenarios, decision, explanation, canonical) -> dict:  # type: ignore[no-untyped-def]
    scenario = next((s for s in scenarios if s.slug == decision.scenario), None)
    return {
        "nav": "decide",
        "decision": decision,
        "x": explanation,
        "scenario": scenario,
        "scenarios": scenarios,
        "canonical": canonical,
        "permalink": absolute_url(canonical),
        "adr_url": decision_url(
            decision, reverse("compare:decide_export", args=["md"]), request.pin
        ),
        "json_url": decision_url(
            decision, reverse("compare:decide_export", args=["json"]), request.pin
        ),
        "pin": request.pin,
        "current_url": decision_url(decision),
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
        image_path=decision_url(
            decision, reverse("compare:decide_export", args=["png"]), request.pin
        ),
        image_alt=ranking_alt(title, places),
    )


@require_safe
@query_shape(DECISION_PARAMETERS, prefixes=PLAIN_FORM_PARAMETERS, title=BAD_DECISION)
@cached_page
def decide_export(request: HttpRequest, fmt: str) -> HttpResponse:
    asked = _asked(request)
    if asked.error:
        return asked.error
    matrix, scenarios, decision = asked.matrix, asked.scenarios, asked.decision
    from_plain_form = asked.from_plain_form
    canonical = decision_url(decision, request.path, request.pin)
    if not from_plain_form and _not_canonical(request, canonical):
        return HttpResponsePermanentRedirect(canonical)
    if fmt == "png":
        # The image shows the first three and their scores: the ranking without the
        # explanation (the same places and scores; tested against it).
        links = relations(_revision(request)) if decision.know else None
        scenario = next((s for s in scenarios if s.slug == decision.scenario), None)
        subtitle = "Ranked by weighted, sourced traits"
        places = podium(matrix, decision, links)
        body = ranking_png(_decision_title(scenario), subtitle, places)
        return HttpResponse(body, content_type="image/png")
    explanation = _explain(request, matrix, decision)
    permalink = absolute_url(decision_url(decision, pin=request.pin))
    revision = request.pin.number if request.pin else CatalogueRevision.current()
    if fmt == "json":
        return HttpResponse(
            json.dumps(to_json(explanation, permalink, revision), indent=2, ensure_ascii=False),
            content_type="application/json",
        )
    scenario = next((s for s in scenarios if s.slug == decision.scenario), None)
    top, evidence = deciding_evidence(explanation)
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
            "top": top,
            "frameworks": matrix.frameworks,
        },
        content_type="text/markdown; charset=utf-8",
    )
    body["Content-Disposition"] = 'attachment; filename="framework-decision.md"'
    return body


def pages_to_warm() -> list[str]:
    """The default decision, the scenarios and each published scenario's page,
    re-rendered after an edit."""
    paths = [reverse("compare:decide"), reverse("catalogue:scenario_list")]
    paths += [s.get_absolute_url() for s in Scenario.objects.published().order_by("order")]
    return paths
