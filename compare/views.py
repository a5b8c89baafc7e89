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

from catalogue.caching import cached_page, memoize
from catalogue.errors import error_page
from catalogue.models import Framework
from catalogue.sharing import LinkPreview, absolute, with_state
from catalogue.views import SITE_IMAGE_ALT, wants_fragment
from compare import exports, samples
from compare.canonical import (
    MAX_FRAMEWORKS,
    Resolution,
    close_matches,
    named,
    resolve,
    spec_for,
    split_spec,
)
from compare.matrix import load_comparison
from compare.pinning import changed_since, read_pin, without_rev
from compare.preview import comparison_alt, render_png
from compare.render import (
    Notes,
    axis_sections,
    datalist_options,
    differ_table,
    notes_list,
    score_bar,
)
from compare.table import Comparison, axis_scores, build, differ_most
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


@require_safe
@query_shape({"fw": Param(values=MAX_FRAMEWORKS, shape=NAME_OR_SLUG)})
def pick(request: HttpRequest) -> HttpResponse:
    """/compare/: tick 2 to 6 frameworks (a plain GET form, ?fw=a&fw=b…); a valid
    pick is sent on to the canonical comparison URL, which does the rest of the
    checking."""
    slugs = [s for s in request.GET.getlist("fw") if s.strip()]
    if 2 <= len(slugs) <= MAX_FRAMEWORKS:
        return redirect("compare:compare", spec="-vs-".join(slugs))
    problem = ""
    if len(slugs) == 1:
        problem = "Tick at least two frameworks: a comparison needs two to six."
    elif len(slugs) > MAX_FRAMEWORKS:
        problem = f"Tick at most {MAX_FRAMEWORKS} frameworks; you ticked {len(slugs)}."
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
    return render(request, "compare/pick.html", context, status=400 if problem else 200)


def _resolve(request: HttpRequest, spec: str) -> tuple[Resolution, HttpResponse | None]:
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
    resolution, response = _resolve(request, spec)
    if response:
        return response
    canonical = reverse("compare:compare", args=[resolution.spec])

    query = request.GET.copy()
    added = [s for s in query.pop("add", []) if s.strip()]
    if added:
        target = reverse("compare:compare", args=[spec_for(resolution.slugs + added)])
        target = _with_query(target, query)
        if request.htmx:
            return HttpResponseLocation(target, target="#comparison", swap="outerHTML")
        return redirect(target)
    if spec != resolution.spec:
        return redirect(_with_query(canonical, request.GET), permanent=True)

    pin, pin_problem = read_pin(request)
    problems = [pin_problem] if pin_problem else []
    diff = request.GET.get("diff", "")
    if diff not in ("", "0", "1"):
        problems.append(f"diff=“{diff}”: use diff=1 to show only rows that differ.")
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
    if pin:
        pin.changed_since = changed_since(pin.at, resolution.slugs)
    only_diff = diff == "1"
    names = list(comparison.frameworks.values())
    title = (
        f"{' vs '.join(names)}: {len(comparison.rows)} traits compared; "
        f"differ on {comparison.differing}"
    )
    groups = [(g, [r for r in g.rows if r.differs or not only_diff]) for g in comparison.groups]
    notes = Notes()
    sections = axis_sections(comparison, groups, base, notes)  # numbers the notes, first
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
        "notes": notes_list(notes),
        "note_count": len(notes.numbers),
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
        "differ_most": differ_table(comparison, differ_most(comparison), base),
        "options": datalist_options(others),
        "slugs": resolution.slugs,
        "spec": resolution.spec,
        "diff": only_diff,
        "base": base,
        "base_name": comparison.frameworks.get(base or ""),
        "title": title,
        "heading": " vs ".join(names),
        "permalink": absolute(request.get_full_path()),
        "share": LinkPreview(
            title=title + (" (only the differences)" if only_diff else ""),
            description=f"{title}. Side by side, with a source and a verified date for "
            "every value.",
            path=with_state(canonical, request.GET, ("diff", "base", "task", "rev")),
            image_path=reverse("compare:export", args=[resolution.spec, "png"]),
            image_alt=comparison_alt(comparison),
        ),
        "can_add": len(resolution.slugs) < MAX_FRAMEWORKS,
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


def _removal(slugs: list[str], removed: str, params: QueryDict) -> str:
    """The comparison without `removed`, keeping its view (differences, a
    baseline that stays, the code task shown, a pinned revision); from two, the
    other's own page."""
    rest = [s for s in slugs if s != removed]
    if len(rest) < 2:
        return reverse("catalogue:framework", args=rest)
    query = QueryDict(mutable=True)
    for key in ("diff", "base", "task", "rev"):
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
    resolution, response = _resolve(request, spec)
    if response:
        return response
    if spec != resolution.spec:
        return redirect("compare:export", spec=resolution.spec, fmt=fmt, permanent=True)

    revision = request.catalogue_revision
    if fmt == "png":
        body = memoize(
            "compare-og", revision, resolution.spec, lambda: render_png(_comparison(resolution))
        )
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
