"""Side by side: /compare/<a>-vs-<b>…/ and its CSV, JSON, Markdown and PNG forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseLocation

from catalogue.models import Framework, FrameworkAlias
from catalogue.revision import scope
from catalogue.revision.pinning import changed_since, read_pin, without_rev
from catalogue.scoring.engine import TraitInfo
from catalogue.scoring.matrix import load_comparison
from catalogue.scoring.podiums import scenario_criteria
from catalogue.scoring.weighing import decision_weights
from catalogue.site import POPULAR_COMPARISONS, SITE_IMAGE_ALT
from compare.grid import samples
from compare.grid.image import comparison_alt, render_png
from compare.grid.render import axis_sections, datalist_options, differ_table, score_bar
from compare.grid.table import Comparison, axis_scores, build, differ_most
from compare.side_by_side import adding, exports
from compare.side_by_side.canonical import (
    MAX_FRAMEWORKS,
    Resolution,
    close_matches,
    named,
    resolve,
    spec_for,
    split_spec,
)
from web.cache.pages import cached_page
from web.cache.store import memoize
from web.errors import error_page
from web.htmx import wants_fragment
from web.link_previews import LinkPreview, absolute, with_state
from web.methods import require_safe
from web.origin import absolute_url
from web.query import NAME_OR_SLUG, SLUG, Param, one, query_shape

BAD_COMPARISON = "This comparison link has a mistake"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "png": "image/png",
}


# How many ticks the picker reads back (a 7th is answered on the picker page, not
# refused before it: more than the catalogue's size is still a 400).
PICKER_TICKS = 64


@require_safe
@query_shape({"fw": Param(values=PICKER_TICKS, shape=NAME_OR_SLUG)})
def pick(request: HttpRequest) -> HttpResponse:
    """/compare/: tick 2 to 6 frameworks (a plain GET form, ?fw=a&fw=b…); a valid
    pick is sent on to the canonical comparison URL, which does the rest of the
    checking. Too few or too many: the picker again, the ticks kept, and what to
    change (a form to correct, not an error page)."""
    slugs = [s for s in request.GET.getlist("fw") if s.strip()]
    if 2 <= len(slugs) <= MAX_FRAMEWORKS:
        return redirect("compare:compare", spec="-vs-".join(slugs))
    problem = ""
    if len(slugs) == 1:
        problem = "Tick at least two frameworks: a comparison needs two to six."
    elif len(slugs) > MAX_FRAMEWORKS:
        problem = (
            f"A comparison shows at most {MAX_FRAMEWORKS} frameworks; you ticked "
            f"{len(slugs)}. Untick {len(slugs) - MAX_FRAMEWORKS} and compare again."
        )
    context = {
        "frameworks": Framework.objects.published().order_by("name"),
        "ticked": set(slugs),
        "problem": problem,
        "max": MAX_FRAMEWORKS,
        "share": LinkPreview(
            title="Compare Python web frameworks",
            description="Pick two to six Python web frameworks and see them side by side, "
            "every value with its source and the date it was verified.",
            path=reverse("compare:pick"),
            image_path=reverse("catalogue:preview_image"),
            image_alt=SITE_IMAGE_ALT,
        ),
    }
    return render(request, "compare/pick.html", context)


def resolve_spec(request: HttpRequest, spec: str) -> tuple[Resolution, HttpResponse | None]:
    """The canonical slugs for `spec`, or the response that explains why not.
    One query, whatever the comparison names: the published frameworks' slugs,
    names and aliases, which also give the suggestions for an unknown name."""
    names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for slug, name, alias in Framework.objects.published().values_list(
        "slug", "name", "aliases__slug"
    ):
        names[slug] = name
        if alias:
            aliases[alias] = slug
    resolution = resolve(spec, set(names), aliases)
    if resolution.unknown or not resolution.slugs:
        unknown = resolution.unknown or split_spec(spec) or [spec]
        matches: list[dict[str, str]] = []
        for part in unknown:
            for slug in close_matches(part, names, aliases):
                url = reverse("catalogue:framework", args=[slug])
                if all(m["url"] != url for m in matches):
                    matches.append({"name": names[slug], "url": url})
        named_parts = ", ".join(f"“{u}”" for u in unknown)
        return resolution, error_page(
            request,
            404,
            "No such framework",
            f"This comparison names {named_parts}, which is not in the catalogue.",
            suggestions=matches,
            back_url=reverse("catalogue:framework_list"),
            back_label="Browse all frameworks",
        )
    if len(resolution.slugs) > MAX_FRAMEWORKS:
        return resolution, _too_many(request, len(resolution.slugs))
    if len(resolution.slugs) == 1:
        return resolution, redirect("catalogue:framework", slug=resolution.slugs[0], permanent=True)
    return resolution, None


def _bounded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A comparison naming more than MAX_FRAMEWORKS frameworks is refused before
    any query (630 names once cost a second of lookups)."""

    @wraps(view)
    def wrapper(request: HttpRequest, spec: str, *args: Any, **kwargs: Any) -> HttpResponse:
        parts = named(spec)
        if len(parts) > MAX_FRAMEWORKS:
            return _too_many(request, len(parts))
        return view(request, spec, *args, **kwargs)

    return wrapper


def _too_many(request: HttpRequest, count: int) -> HttpResponse:
    return error_page(
        request,
        400,
        "Too many frameworks",
        f"A comparison shows at most {MAX_FRAMEWORKS} frameworks; this one names "
        f"{count}. Remove some and try again.",
        back_url=reverse("catalogue:framework_list"),
        back_label="Back to the catalogue",
    )


def _with_query(url: str, query: QueryDict) -> str:
    return f"{url}?{query.urlencode()}" if query else url


@require_safe
@query_shape(
    {
        "add": Param(values=MAX_FRAMEWORKS, shape=NAME_OR_SLUG),
        "diff": one(length=1),
        "all": one(length=1),
        "base": one(shape=SLUG),
        "rev": one(length=12),
        # Loose bounds only: the view names a bad or repeated task in its own words.
        "task": Param(values=8, length=500),
    },
    title=BAD_COMPARISON,
)
@_bounded
@cached_page(frameworks=lambda request, spec: _compared(request, spec))
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def compare(request: HttpRequest, spec: str) -> HttpResponse:
    resolution, response = resolve_spec(request, spec)
    if response:
        return response
    canonical = reverse("compare:compare", args=[resolution.spec])

    query = request.GET.copy()
    added = [s for s in query.pop("add", []) if s.strip()]
    not_added: list[dict] = []
    if added:
        found, not_added = _read_added(added, resolution.slugs, query)
        if not not_added:
            target = reverse("compare:compare", args=[spec_for(resolution.slugs + found)])
            target = _with_query(target, query)
            if request.htmx:
                return HttpResponseLocation(target, target="#comparison", swap="outerHTML")
            return redirect(target)
    elif spec != resolution.spec or request.GET.get("diff") in ("0", "1"):
        return redirect(_with_query(canonical, _canonical_view(request.GET)), permanent=True)

    pin, pin_problem = read_pin(request)
    problems = [pin_problem] if pin_problem else []
    show_all = request.GET.get("all", "")
    if show_all not in ("", "1"):
        problems.append(f"all=“{show_all}”: use all=1 to show every row.")
    if "diff" in request.GET:  # diff=0 and diff=1 were redirected above
        problems.append(
            f"diff=“{request.GET['diff']}”: only the rows that differ are shown by default; "
            "use all=1 to show every row."
        )
    base = request.GET.get("base", "") or None
    if base is not None and base not in resolution.slugs:
        problems.append(
            f"base=“{base}”: the baseline must be one of the compared frameworks "
            f"({', '.join(resolution.slugs)})."
        )
    tasks = request.GET.getlist("task")
    task = tasks[0] if tasks else ""
    if len(tasks) > 1:
        problems.append("task appears more than once: show one task at a time.")
    elif task and task not in samples.TASKS:
        problems.append(f"task=“{task[:40]}”: the lab's tasks are {', '.join(samples.TASKS)}.")
    if problems:
        return error_page(
            request,
            400,
            BAD_COMPARISON,
            "Nothing was compared.",
            problems=problems,
            back_url=canonical,
            back_label="Open the plain comparison",
            fragment=wants_fragment(request),
        )

    matrix, evidence, descriptions = load_comparison(resolution.slugs, at=pin.at if pin else None)
    comparison = build(matrix, evidence, descriptions, base=base)
    weights = _decision_weights(request.catalogue_revision, matrix.traits)
    if pin:
        pin.changed_since = changed_since(pin.at, resolution.slugs)
    # Only the rows that differ unless all=1: what separates them, above the fold.
    only_diff = show_all != "1"
    names = list(comparison.frameworks.values())
    title = (
        f"{' vs '.join(names)}: {len(comparison.rows)} traits compared; "
        f"differ on {comparison.differing}"
    )
    groups = [(g, [r for r in g.rows if r.differs or not only_diff]) for g in comparison.groups]
    sections = axis_sections(comparison, groups, base, linked=True)
    scores = axis_scores(comparison)
    others = (
        Framework.objects.published()
        .exclude(slug__in=resolution.slugs)
        .order_by("name")
        .values_list("slug", "name")
    )
    context = {
        "comparison": comparison,
        "groups": groups,
        "sections": sections,
        "axis_scores": scores,
        "score_rows": [
            {
                "slug": slug,
                "name": name,
                "bars": [(a, score_bar(a.scores[slug]), a.known[slug]) for a in scores],
            }
            for slug, name in comparison.frameworks.items()
        ],
        "decide_url": reverse("compare:decide") + "?only=" + ",".join(resolution.slugs),
        "differ_most": differ_table(comparison, differ_most(comparison, weights=weights), base),
        "options": datalist_options(others),
        "slugs": resolution.slugs,
        "spec": resolution.spec,
        "diff": only_diff,
        "base": base,
        "base_name": comparison.frameworks.get(base or ""),
        "title": title,
        "heading": " vs ".join(names),
        # A failed "Add" is not part of what is shown: the permalink leaves it out.
        "permalink": absolute(
            _with_query(canonical, query) if not_added else request.get_full_path()
        ),
        "share": LinkPreview(
            title=title + ("" if only_diff else " (every row)"),
            description=f"{title}. Side by side, with a source and a verified date for "
            "every value.",
            path=with_state(canonical, request.GET, ("all", "base", "task", "rev")),
            image_path=reverse("compare:export", args=[resolution.spec, "png"]),
            image_alt=comparison_alt(comparison, weights),
        ),
        "can_add": len(resolution.slugs) < MAX_FRAMEWORKS,
        # "Add" named nothing in the catalogue: say so, with the closest names.
        "not_added": not_added,
        "pin": pin,
        "tasks": samples.TASKS,
        "task": task,
        "task_title": samples.TASKS.get(task, ""),
        "task_samples": samples.for_task(task, resolution.slugs) if task else None,
        "current_url": without_rev(request),
        "removals": {s: _removal(resolution.slugs, s, request.GET) for s in resolution.slugs},
        # Removing one of two leaves a framework page: a real navigation, not a swap.
        "removal_leaves_comparison": len(resolution.slugs) > 2,
    }
    if wants_fragment(request):
        return render(request, "compare/compare.html#fragment", context)
    return render(request, "compare/compare.html", context)


def _read_added(
    added: list[str], slugs: list[str], query: QueryDict
) -> tuple[list[str], list[dict]]:
    """The slugs that "Add" names (a name, an alias or a slug), and for each text
    that names none, the closest frameworks with links that add them."""
    names = dict(Framework.objects.published().values_list("slug", "name"))
    aliases = dict(
        FrameworkAlias.objects.filter(framework__slug__in=names).values_list(
            "slug", "framework__slug"
        )
    )
    keys = adding.lookup(names, aliases)
    found, missing = [], []
    for text in added:
        slug = adding.find(text, keys)
        if slug:
            found.append(slug)
            continue
        near = [s for s in adding.closest(text, keys) if s not in slugs]
        missing.append(
            {
                "text": text,
                "suggestions": [
                    {
                        "name": names[s],
                        "url": _with_query(
                            reverse("compare:compare", args=[spec_for([*slugs, s])]), query
                        ),
                    }
                    for s in near
                ],
            }
        )
    return found, missing


def _decision_weights(revision: int, traits: list[TraitInfo]) -> dict[str, float]:
    """What each trait weighs across the scenarios: kept until more than values change."""
    since = scope.last_global_change(revision)
    return memoize(
        "decision-weights",
        since,
        "",
        lambda: decision_weights(traits, scenario_criteria(revision)),
    )


def _canonical_view(params: QueryDict) -> QueryDict:
    """`params` in today's words: the default shows only the rows that differ, so
    an old `diff=1` is dropped and an old `diff=0` becomes `all=1`."""
    query = params.copy()
    if query.pop("diff", [""])[-1] == "0" and "all" not in query:
        query["all"] = "1"
    return query


def _removal(slugs: list[str], removed: str, params: QueryDict) -> str:
    """The comparison without `removed`, keeping its view (differences, a
    baseline that stays, the code task shown, a pinned revision); from two, the
    other's own page."""
    rest = [s for s in slugs if s != removed]
    if len(rest) < 2:
        return reverse("catalogue:framework", args=rest)
    query = QueryDict(mutable=True)
    for key in ("all", "base", "task", "rev"):
        value = params.get(key, "")
        if value and not (key == "base" and value == removed):
            query[key] = value
    return _with_query(reverse("compare:compare", args=[spec_for(rest)]), query)


def _compared(request: HttpRequest, spec: str, fmt: str = "") -> list[str] | None:
    """The frameworks a comparison (or its CSV or image) shows the values of; None
    for a pinned view (it counts changes since) or an export that names the revision."""
    if "rev" in request.GET or fmt in ("json", "md"):
        return None
    return [part.lower() for part in split_spec(spec)]


@require_safe
@query_shape({})
@_bounded
@cached_page(frameworks=_compared)
def export(request: HttpRequest, spec: str, fmt: str) -> HttpResponse:
    resolution, response = resolve_spec(request, spec)
    if response:
        return response
    if spec != resolution.spec:
        return redirect("compare:export", spec=resolution.spec, fmt=fmt, permanent=True)

    revision = request.catalogue_revision
    if fmt == "png":
        spec = resolution.spec
        body = memoize("compare-og", revision, spec, lambda: _image(resolution, revision))
        return HttpResponse(body, content_type=CONTENT_TYPES["png"])

    comparison = _comparison(resolution)
    url = absolute_url(reverse("compare:compare", args=[resolution.spec]))
    if fmt == "csv":
        body = exports.to_csv(comparison)
    elif fmt == "json":
        body = exports.to_json(comparison, url, revision)
    else:
        body = exports.to_markdown(comparison, url, revision, timezone.localdate())
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    if fmt == "csv":
        response["Content-Disposition"] = f'attachment; filename="{resolution.spec}.csv"'
    return response


def _comparison(resolution: Resolution) -> Comparison:
    matrix, evidence, descriptions = load_comparison(resolution.slugs)
    return build(matrix, evidence, descriptions)


def _image(resolution: Resolution, revision: int) -> bytes:
    """The link-preview image: its rows in the order of the page's "where they
    differ most"."""
    matrix, evidence, descriptions = load_comparison(resolution.slugs)
    comparison = build(matrix, evidence, descriptions)
    return render_png(comparison, _decision_weights(revision, matrix.traits))


def pages_to_warm() -> list[str]:
    """The popular comparisons (those whose frameworks are all published),
    re-rendered after an edit."""
    published = set(Framework.objects.published().values_list("slug", flat=True))
    return [
        reverse("compare:compare", args=[spec_for(slugs)])
        for slugs in POPULAR_COMPARISONS
        if all(s in published for s in slugs)
    ]
