"""Public pages for browsing: home, the filtered catalogue, one framework, scenarios."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.vary import vary_on_headers

from catalogue import history
from catalogue.browse.facets import facets
from catalogue.browse.filters import (
    INTERFACES,
    FrameworkFilter,
    Wanted,
    describe,
    filterable_traits,
    level_params,
    short_note,
    with_levels,
)
from catalogue.browse.form import FormParts
from catalogue.browse.listing import render_cards, results_table, with_key_values
from catalogue.browse.search import scenario_matches
from catalogue.browse.search import words as search_words
from catalogue.models import (
    Framework,
    Kind,
    Scenario,
    Trait,
    TraitValue,
)
from catalogue.revision import scope
from catalogue.site import POPULAR_COMPARISONS, SITE_IMAGE_ALT, SITE_IMAGE_LINES, SITE_IMAGE_TITLE
from web.cache.pages import cached_page
from web.cache.store import memoize
from web.errors import error_page
from web.htmx import wants_fragment
from web.images import site_png
from web.link_previews import LinkPreview, with_state
from web.methods import require_safe
from web.query import NO_PARAMETERS, SLUG, Param, one, query_shape

PAGE_SIZE = 20
FILTER_PARAMS = ("q", "kind", "interface", "has", "sort", "view", "page")


BAD_FILTERS = "These filters do not make sense"
# Distinct values each filter may carry; more is a 400 before any query is built.
CATALOGUE_PARAMETERS = {
    "q": one(length=100),
    "search": one(),
    "kind": Param(values=len(Kind.choices)),
    "interface": Param(values=len(INTERFACES)),
    "has": Param(values=64),
    "sort": one(),
    "view": one(),
    "page": one(length=10),
    # The frameworks ticked to compare, kept across pages (the picker reads them).
    "fw": Param(values=64, shape=SLUG),
}
# The plain form's level select beside each ticked trait (`level_<trait>`).
CATALOGUE_PREFIXES = {"level_": Param(values=64)}


# --- Home -----------------------------------------------------------------------


@require_safe
@query_shape(NO_PARAMETERS)
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    published = Framework.objects.published()
    names = dict(published.values_list("slug", "name"))
    comparisons = [
        {"slugs": slugs, "label": " vs ".join(names[s] for s in slugs)}
        for slugs in POPULAR_COMPARISONS
        if all(s in names for s in slugs)
    ]
    # The newest date, walking the date index from its end (not a scan of every value).
    updated = (
        TraitValue.objects.published()
        .filter(verified_on__isnull=False)
        .order_by("-verified_on")
        .values_list("verified_on", flat=True)
        .first()
    )
    context = {
        "nav": "home",
        "framework_count": len(names),
        "trait_count": Trait.objects.count(),
        "data_updated": updated,
        "scenarios": Scenario.objects.published(),
        "comparisons": comparisons,
        "share": LinkPreview(
            title="Framewise: choose a Python web framework",
            description=f"{len(names)} Python web frameworks with sourced, dated facts: filter, "
            "compare side by side, and weigh what matters to your team.",
            path=reverse("catalogue:home"),
            image_path=reverse("catalogue:preview_image"),
            image_alt=SITE_IMAGE_ALT,
        ),
    }
    return render(request, "catalogue/home.html", context)


@require_safe
@query_shape(NO_PARAMETERS)  # a cache-buster is a 301, not a new image
@cached_page
def site_image(request: HttpRequest) -> HttpResponse:
    """The site's link-preview image, for list pages."""
    return HttpResponse(site_png(SITE_IMAGE_TITLE, SITE_IMAGE_LINES), content_type="image/png")


# --- The catalogue --------------------------------------------------------------


@require_safe
@query_shape(CATALOGUE_PARAMETERS, CATALOGUE_PREFIXES, title=BAD_FILTERS)
@cached_page
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def framework_list(request: HttpRequest) -> HttpResponse:
    traits = _filterable_traits(request.catalogue_revision)
    query = request.GET
    canonical = None
    if level_params(query):
        # The plain form sends a level select beside each ticked trait; a link
        # carries the compact form, has=<trait>:<level>.
        query = with_levels(query)
        canonical = f"{request.path}?{query.urlencode()}" if query else request.path
        if not request.htmx:
            return redirect(canonical)
    filterset = FrameworkFilter(query, queryset=Framework.objects.for_catalogue(), traits=traits)
    if not filterset.is_valid():
        return _bad_filters(request, filterset)

    counted = facets(traits, filterset, request.catalogue_revision)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    # The facets' rows are the frameworks meeting every filter but kind and
    # interface: those meeting these too are the list's count (no COUNT query).
    paginator.count = counted["total"]
    page_param = query.get("page", "1")
    if not page_param.isdigit() or int(page_param) < 1:
        return _bad_request(
            request,
            [f"There is no page “{page_param}”: pages run from 1 to {paginator.num_pages}."],
        )
    if int(page_param) > paginator.num_pages:
        # An old link past the end (the catalogue shrank, or filters changed): the last page.
        return _to_last_page(request, query, paginator.num_pages)
    page = paginator.page(int(page_param))
    data = filterset.form.cleaned_data
    wanted = filterset.wanted
    closest: list[Framework] = []
    if not paginator.count and wanted:
        closest = _closest_matches(query, traits, filterset)
    view = data.get("view") or "cards"
    if view == "table":
        with_key_values(list(page.object_list))
    # The table view shows its page as rows; the closest matches are cards in both.
    cards = closest if view == "table" and page.object_list else [*page.object_list, *closest]
    render_cards(
        request.catalogue_revision,
        cards,
        f"{[w.param for w in wanted]!r}\n{filterset.text}",
        lambda missing: _explain_results(missing, wanted, filterset.text),
    )
    picked = list(dict.fromkeys(query.getlist("fw")))
    shown = {fw.slug for fw in [*page.object_list, *closest]}
    for fw in cards:
        if fw.slug in picked:
            # The cards are kept rendered; the tick is this URL's.
            fw.card = mark_safe(
                fw.card.replace(f'id="pick-{fw.slug}"', f'id="pick-{fw.slug}" checked', 1)
            )
    context = {
        "nav": "frameworks",
        "filterset": filterset,
        "page": page,
        "total": paginator.count,
        "facets": counted,
        "wanted": wanted,
        "understood": describe(filterset.understood),
        "text_search_url": _text_search_url(query) if filterset.understood else "",
        "widen_url": _widen_url(query, filterset.understood),
        "widened": describe([w.relaxed() for w in filterset.understood]),
        "scenario_offers": _scenario_offers(request.catalogue_revision, data.get("q") or ""),
        "asks": describe(wanted),
        "closest": closest,
        "closest_asks": describe([w.relaxed() for w in wanted]),
        "active_filters": bool(
            data.get("q") or data.get("kind") or data.get("interface") or data.get("has")
        ),
        "filter_count": len(data.get("kind") or [])
        + len(data.get("interface") or [])
        + len(data.get("has") or []),
        "view": view,
        "sort": _shown_sort(data.get("sort"), filterset.text),
        "table": results_table(list(page.object_list)) if view == "table" else None,
        "share": _catalogue_link_preview(request, filterset, paginator.count),
        "picked": picked,
        "carried": [slug for slug in picked if slug not in shown],
        # A search may tick the traits it names: the fragment brings the boxes too.
        "search_triggered": bool(data.get("q")),
    }
    if wants_fragment(request):
        context["counts"] = _form_counts(request, context)
        response = render(request, "catalogue/framework_list.html#fragment", context)
        if canonical:
            response["HX-Push-Url"] = canonical
        return response
    context["filters"] = _filters_form(request, context)
    return render(request, "catalogue/framework_list.html", context)


def _filterable_traits(revision: int) -> list[Trait]:
    """The traits a visitor can filter on, read once per change to more than values
    (an editor's save of a value leaves them as they are)."""
    since = scope.last_global_change(revision)
    return memoize("filterable-traits", since, "", lambda: list(filterable_traits()), local=True)


def _form_parts(request: HttpRequest, context: dict[str, Any]) -> FormParts:
    """The filter form's markup for this catalogue, built once per change to more
    than values (as the traits are)."""
    since = scope.last_global_change(request.catalogue_revision)
    return memoize(
        "catalogue-filters-form",
        since,
        "",
        lambda: FormParts.build(context["facets"], reverse("catalogue:framework_list")),
        local=True,
    )


def _filters_form(request: HttpRequest, context: dict[str, Any]) -> str:
    """The filter form (a hundred traits with their counts and levels): the
    catalogue's parts, the request's ticks, levels, counts and text filled in."""
    form = context["filterset"].form
    data = form.cleaned_data
    return mark_safe(
        _form_parts(request, context).render(
            context["facets"],
            q=data.get("q") or "",
            view=context["view"],
            filter_count=context["filter_count"],
            search=data.get("search") or "",
            sort_select=_sort_select(form),
            total=context["total"],
        )
    )


def _form_counts(request: HttpRequest, context: dict[str, Any]) -> str:
    """The form's counts, ticks and levels an HTMX request swaps in beside the results."""
    parts = _form_parts(request, context)
    return mark_safe(parts.counts(context["facets"], search_triggered=context["search_triggered"]))


# The sort select as the form's widget renders it, by the value it shows (one of
# the sorts, or none: anything else was a 400).
_SORT_SELECTS: dict[Any, str] = {}


def _sort_select(form: Any) -> str:
    field = form["sort"]
    value = field.value()
    if value not in _SORT_SELECTS:
        _SORT_SELECTS[value] = str(field)
    return _SORT_SELECTS[value]


def _shown_sort(sort: str | None, text: str) -> str:
    """The order the list is in: best match only when there is text to match."""
    sort = sort or "relevance"
    return "name" if sort == "relevance" and not text else sort


def _to_last_page(request: HttpRequest, query: Any, last: int) -> HttpResponse:
    params = query.copy()
    if last > 1:
        params["page"] = str(last)
    else:
        params.pop("page", None)
    target = f"{request.path}?{params.urlencode()}" if params else request.path
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Location"] = target
        return response
    return redirect(target)


def _widen_url(query: Any, understood: list[Wanted]) -> str:
    """The same question with every level the search read one rung lower, as
    ticked filters (the search text is dropped: its traits are the filters)."""
    widened = [w.relaxed() for w in understood]
    if widened == understood:
        return ""
    params = query.copy()
    params.pop("q", None)
    params.pop("page", None)
    kept = [
        h for h in params.getlist("has") if h.partition(":")[0] not in {w.slug for w in widened}
    ]
    params.setlist("has", kept + [w.param for w in widened])
    return f"{reverse('catalogue:framework_list')}?{params.urlencode()}"


def _scenario_offers(revision: int, text: str) -> list[dict[str, str]]:
    """The scenarios a search names ("real-time dashboard"), with their decision
    links, to show above the results (no query: the names are kept per change)."""
    if not text.strip():
        return []

    def load() -> tuple[list[tuple[str, str]], frozenset[str]]:
        scenarios = list(Scenario.objects.published().values_list("slug", "name"))
        names = frozenset(
            w
            for name, slug in Framework.objects.published().values_list("name", "slug")
            for w in (*search_words(name), *search_words(slug))
        )
        return scenarios, names

    since = scope.last_global_change(revision)
    scenarios, names = memoize("search-scenarios", since, "", load, local=True)
    by_slug = dict(scenarios)
    decide = reverse("compare:decide")
    return [
        {
            "name": by_slug[slug],
            "url": reverse("catalogue:scenario", args=[slug]),
            "decide_url": f"{decide}?scenario={slug}",
        }
        for slug in scenario_matches(text, scenarios, names)[:3]
    ]


def _text_search_url(query: Any) -> str:
    params = query.copy()
    params["search"] = "text"
    params.pop("page", None)
    return f"{reverse('catalogue:framework_list')}?{params.urlencode()}"


def _closest_matches(query: Any, traits: list[Trait], filterset: FrameworkFilter) -> list:
    """When nothing meets every filter: what meets each one rung lower on the
    ladder, those meeting the most filters as asked first (one query, plus the
    badges' prefetch)."""
    wanted = filterset.wanted
    relaxed = [w.relaxed() for w in wanted]
    if relaxed == wanted:
        return []
    params = query.copy()
    params.setlist("has", [w.param for w in relaxed])
    if filterset.understood:
        params.pop("q")  # its traits are in `relaxed`
    params.pop("page", None)
    near = FrameworkFilter(params, queryset=Framework.objects.for_catalogue(), traits=traits)
    near.is_valid()
    met = Count("values", filter=_any_met(wanted))
    return list(near.qs.annotate(met=met).order_by("-met", Lower("name"))[:PAGE_SIZE])


def _any_met(wanted: list[Wanted]) -> Q:
    condition = Q()
    for item in wanted:
        condition |= Q(values__trait=item.trait) & item.condition("values__")
    return condition


def _explain_results(frameworks: list[Framework], wanted: list[Wanted], text: str) -> None:
    """Give each framework `meets` (how it meets each trait filter: "WebSockets:
    first-party add-on (Channels)") and `matched_in` (where the text search
    found it: name, summary, "note on WebSockets"). One query for the whole page."""
    shown = Q(trait__in=[w.trait for w in wanted])
    if text:
        shown |= Q(note__icontains=text)
    if frameworks and (wanted or text):
        prefetch_related_objects(
            frameworks,
            Prefetch(
                "values",
                # Trait order for "matched in", without the default order's joins.
                queryset=TraitValue.objects.filter(shown)
                .select_related("trait")
                .order_by("trait__axis__order", "trait__order"),
                to_attr="shown_values",
            ),
        )
    for framework in frameworks:
        values = {v.trait_id: v for v in getattr(framework, "shown_values", [])}
        framework.meets = []
        for item in wanted:
            value = values.get(item.trait.pk)
            label = value.display.lower() if value else "unknown"
            note = short_note(value.note) if value and value.note else ""
            framework.meets.append(
                {
                    "trait": item.trait.name,
                    "text": f"{label} ({note})" if note else label,
                    "met": item.met_by(value),
                }
            )
        framework.matched_in = []
        if text:
            for field, words in [
                ("in_name", "name"),
                ("in_summary", "summary"),
                ("in_description", "description"),
            ]:
                if getattr(framework, field, False):
                    framework.matched_in.append(words)
            framework.matched_in += [
                f"note on {v.trait.name}"
                for v in getattr(framework, "shown_values", [])
                if text.lower() in v.note.lower()
            ]


def _catalogue_link_preview(
    request: HttpRequest, filterset: FrameworkFilter, total: int
) -> LinkPreview:
    data = filterset.form.cleaned_data
    labels = dict(Kind.choices)
    parts = []
    if data.get("q"):
        parts.append(f"matching “{data['q']}”")
    if data.get("kind"):
        parts.append(" or ".join(labels[k] for k in data["kind"]))
    if data.get("interface"):
        parts.append(" or ".join(i.upper() for i in data["interface"]))
    if data.get("has"):
        parts.append(
            "with "
            + ", ".join(
                f"{w.trait.name} ({w.phrase})" if w.phrase else w.trait.name for w in data["has"]
            )
        )
    noun = f"{total} Python web framework{'s' if total != 1 else ''}"
    title = f"{noun}: {'; '.join(parts)}" if parts else "Python web frameworks"
    return LinkPreview(
        title=title,
        description=f"{noun}{': ' + '; '.join(parts) if parts else ''}. Filter by kind, "
        "server interface and what is built in; every value sourced and dated.",
        path=with_state(reverse("catalogue:framework_list"), request.GET, FILTER_PARAMS),
        image_path=reverse("catalogue:preview_image"),
        image_alt=SITE_IMAGE_ALT,
    )


def _bad_filters(request: HttpRequest, filterset: FrameworkFilter) -> HttpResponse:
    """Say which value is wrong and list the ones that would work (Django's
    "Select a valid choice" names neither)."""
    problems = []
    for name, errors in filterset.form.errors.items():
        field = filterset.form.fields.get(name)
        choices = [str(value) for value, _ in getattr(field, "choices", []) if value != ""]
        if choices:
            valid = set(choices)
            wrong = [v for v in request.GET.getlist(name) if v not in valid] or request.GET.getlist(
                name
            )
            submitted = ", ".join(f"“{v}”" for v in wrong)
            problems.append(
                f"{name}={submitted} is not one of the values {name} accepts: {', '.join(choices)}."
            )
            continue
        submitted = ", ".join(f"“{v}”" for v in request.GET.getlist(name))
        for error in errors:
            # `has` errors name the value they are about; the others need it said.
            problem = error if name == "has" else f"{name}={submitted}: {error}"
            problems.append(problem.replace("%(value)s", ""))
    return _bad_request(request, problems)


def _bad_request(request: HttpRequest, problems: list[str]) -> HttpResponse:
    return error_page(
        request,
        400,
        BAD_FILTERS,
        "The catalogue was not filtered, so that you never see a silently widened list.",
        problems=problems,
        back_url=reverse("catalogue:framework_list"),
        back_label="See all frameworks",
        fragment=wants_fragment(request),
    )


# --- One framework --------------------------------------------------------------


# --- Scenarios ------------------------------------------------------------------


# --- Changelog ------------------------------------------------------------------

CHANGES_PAGE_SIZE = 50


@require_safe
@query_shape({"framework": one(shape=SLUG), "page": one(length=10)})
@cached_page
def changes(request: HttpRequest) -> HttpResponse:
    """Recent changes to published values: framework, trait, old → new, date."""
    published = Framework.objects.published()
    framework = None
    slug = request.GET.get("framework")
    if slug is not None:
        framework = published.filter(slug=slug).first()
        if framework is None:
            return error_page(
                request,
                400,
                "No such framework",
                f"framework=“{slug}”: there is no published framework with that slug.",
                back_url=reverse("catalogue:changes"),
                back_label="See all changes",
            )
    ids = [framework.pk] if framework else list(published.values_list("pk", flat=True))
    # Changes, not the first population of the catalogue ("+" records of a load).
    records = history.value_history(ids).exclude(history_type="+")
    paginator = Paginator(records, CHANGES_PAGE_SIZE)
    page_param = request.GET.get("page", "1")
    if not page_param.isdigit() or not 1 <= int(page_param) <= paginator.num_pages:
        return error_page(
            request,
            400,
            "No such page",
            f"There is no page “{page_param}”: pages run from 1 to {paginator.num_pages}.",
            back_url=reverse("catalogue:changes"),
            back_label="See the latest changes",
        )
    page = paginator.page(int(page_param))
    context = {
        "nav": "changes",
        "framework": framework,
        "page": page,
        "changes": history.value_changes(list(page.object_list)),
        "share": LinkPreview(
            title=f"Changes to {framework.name}" if framework else "Changes to the catalogue",
            description="Every change to a published value, newest first, with the date.",
            path=with_state(reverse("catalogue:changes"), request.GET, ("framework", "page")),
            image_path=reverse("catalogue:preview_image"),
            image_alt=SITE_IMAGE_ALT,
        ),
    }
    return render(request, "catalogue/changes.html", context)


def pages_to_warm() -> list[str]:
    """The home page and the catalogue's first page, re-rendered after an edit."""
    return [reverse("catalogue:home"), reverse("catalogue:framework_list")]
