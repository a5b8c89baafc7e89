"""The read-only API (/api/v1/…), its OpenAPI schema, its documentation page
(/api/) and the data download.

Every endpoint: GET and HEAD only (OPTIONS answers a CORS preflight), any origin
may read it (`Access-Control-Allow-Origin: *`), unknown or repeated parameters
and bad values are a JSON 400 `{"error": …, "valid": […]}`, a missing thing a
JSON 404. Answers go through the page cache, so each is built once per catalogue
revision and carries its ETag (a conditional request gets a 304).
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from api import schema, serialise
from catalogue.browse.filters import INTERFACES, filterable_traits, matches, read_has
from catalogue.content import dataset
from catalogue.models import (
    Axis,
    CatalogueRevision,
    Framework,
    FrameworkAlias,
    Kind,
    Origin,
    Scenario,
    Trait,
    TraitValue,
)
from web.cache.pages import cached_page
from web.link_previews import LinkPreview
from web.methods import require_safe
from web.origin import absolute_url
from web.query import query_shape

JSON = "application/json"
PER_PAGE = 50
MAX_PER_PAGE = 100
PAGINATION = {"page": False, "per_page": False}
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag",
}
PREFLIGHT = {
    **CORS,
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Max-Age": "86400",
}


class ApiError(Exception):
    def __init__(self, status: int, error: str, valid: list[str] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.valid = valid or []

    def response(self) -> HttpResponse:
        return json_response({"error": self.error, "valid": self.valid}, status=self.status)


def json_response(data: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type=JSON, status=status
    )


def _check_params(request: HttpRequest, params: dict[str, bool]) -> None:
    """Unknown parameters and repeats of single ones are refused, not ignored."""
    for name in request.GET:
        if name not in params:
            raise ApiError(400, f"Unknown parameter “{name[:40]}”.", sorted(params))
        if not params[name] and len(request.GET.getlist(name)) > 1:
            raise ApiError(400, f"Give “{name}” once.", sorted(params))


def endpoint(
    params: dict[str, bool] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """An API view: `params` are the query parameters it takes (True: repeatable)."""
    params = params or {}

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return exc.response()

        cached = cached_page(guarded)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                for name, value in PREFLIGHT.items():
                    response[name] = value
                return response
            if request.method not in ("GET", "HEAD"):
                response = ApiError(
                    405, f"The API is read-only: {request.method} is not allowed.", ["GET", "HEAD"]
                ).response()
                response["Allow"] = "GET, HEAD, OPTIONS"
            else:
                try:
                    _check_params(request, params)
                    response = cached(request, *args, **kwargs)
                except ApiError as exc:
                    response = exc.response()
            for name, value in CORS.items():
                response[name] = value
            return response

        # Read-only, so nothing to forge: a POST gets this API's JSON 405, not the
        # HTML 403 of a CSRF failure.
        return csrf_exempt(wrapper)

    return decorator


# --- Pagination ----------------------------------------------------------------------


def _whole(request: HttpRequest, name: str, default: int, high: int | None) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    # ASCII digits only ("²" is a digit to isdigit() but not to int()), and few of
    # them (int() refuses more than 4300).
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else 0
    if number < 1 or (high is not None and number > high):
        bound = f"from 1 to {high}" if high else "from 1"
        raise ApiError(400, f"{name}=“{raw[:20]}”: a whole number {bound}.", [name])
    return number


def paginate(
    request: HttpRequest, queryset: QuerySet, item: Callable[[Any], dict]
) -> dict[str, Any]:
    """One page of `queryset` (a count and a slice: two queries at any size). A page
    past the last is empty, not an error."""
    page = _whole(request, "page", 1, 10**6)
    per_page = _whole(request, "per_page", PER_PAGE, MAX_PER_PAGE)
    count = queryset.count()
    pages = max(1, math.ceil(count / per_page))
    start = (page - 1) * per_page
    rows = list(queryset[start : start + per_page]) if start < count else []

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return absolute_url(f"{request.path}?{params.urlencode(safe=':,')}")

    return {
        "count": count,
        "page": page,
        "pages": pages,
        "per_page": per_page,
        "next": link(page + 1) if page < pages else None,
        "previous": link(min(page - 1, pages)) if page > 1 else None,
        "results": [item(row) for row in rows],
    }


# --- Endpoints -----------------------------------------------------------------------


@endpoint()
def index(request: HttpRequest) -> HttpResponse:
    def url(name: str) -> str:
        return absolute_url(reverse(name))

    return json_response(
        {
            "version": "1",
            "revision": CatalogueRevision.current(),
            "frameworks": url("api:frameworks"),
            "traits": url("api:traits"),
            "axes": url("api:axes"),
            "scenarios": url("api:scenarios"),
            "values": url("api:values"),
            "openapi": url("api:openapi"),
            "documentation": url("api_docs"),
            "download": url("data_download"),
            "decision": absolute_url(reverse("compare:decide_export", args=["json"])),
        }
    )


def _valid_has(traits: list[Trait]) -> list[str]:
    valid = []
    for trait in traits:
        valid.append(trait.slug)
        if trait.type == "support":
            valid += [f"{trait.slug}:{level}" for level in schema.LEVELS]
    return valid


def _choices(request: HttpRequest, name: str, valid: list[str]) -> list[str]:
    values = request.GET.getlist(name)
    for v in values:
        if v not in valid:
            raise ApiError(400, f"{name}=“{v[:40]}” is not one of the values {name} takes.", valid)
    return values


def _frameworks() -> QuerySet:
    return (
        Framework.objects.published()
        .select_related("builds_on")
        .prefetch_related(Prefetch("aliases", queryset=FrameworkAlias.objects.order_by("slug")))
        .order_by("slug")
    )


@endpoint({"kind": True, "interface": True, "has": True, **PAGINATION})
def frameworks(request: HttpRequest) -> HttpResponse:
    """Published frameworks, filtered like the catalogue: `kind`, `interface` (any
    of those given), `has=<trait>[:<level>]` (every one given)."""
    queryset = _frameworks()
    kinds = _choices(request, "kind", list(Kind.values))
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    interfaces = _choices(request, "interface", [slug for slug, _ in INTERFACES])
    if interfaces:
        condition = Q()
        for interface in interfaces:
            condition |= Q(**{interface: True})
        queryset = queryset.filter(condition)
    has = request.GET.getlist("has")
    if has:
        traits = list(filterable_traits())
        try:
            wanted = read_has(has, traits)
        except ValidationError as exc:
            raise ApiError(400, " ".join(exc.messages), _valid_has(traits)) from exc
        queryset = queryset.filter(matches(wanted))
    return json_response(paginate(request, queryset, serialise.framework))


@endpoint()
def framework(request: HttpRequest, slug: str) -> HttpResponse:
    found = _frameworks().filter(slug=slug).first()
    if found is None:
        alias = (
            FrameworkAlias.objects.filter(slug=slug.lower(), framework__status="published")
            .values_list("framework__slug", flat=True)
            .first()
        )
        if alias or Framework.objects.published().filter(slug=slug.lower()).exists():
            return HttpResponsePermanentRedirect(
                reverse("api:framework", args=[alias or slug.lower()])
            )
        slugs = list(Framework.objects.published().values_list("slug", flat=True))
        close = difflib.get_close_matches(slug.lower(), slugs, n=5, cutoff=0.6)
        raise ApiError(404, f"There is no published framework “{slug[:40]}”.", close or slugs)
    values = list(
        TraitValue.objects.filter(framework=found)
        .select_related("trait")
        .order_by("trait__axis__order", "trait__order", "trait__slug")
    )
    return json_response(serialise.framework_detail(found, values))


@endpoint({"framework": True, "trait": True, "origin": True, **PAGINATION})
def values(request: HttpRequest) -> HttpResponse:
    """Every published value with its provenance, filtered by framework, trait and
    origin (any of those given for each)."""
    queryset = (
        TraitValue.objects.published()
        .select_related("framework", "trait")
        .order_by("framework__slug", "trait__axis__order", "trait__order", "trait__slug")
    )
    wanted = request.GET.getlist("framework")
    if wanted:
        known = set(
            Framework.objects.published().filter(slug__in=wanted).values_list("slug", flat=True)
        )
        unknown = [s for s in wanted if s not in known]
        if unknown:
            slugs = list(Framework.objects.published().values_list("slug", flat=True))
            raise ApiError(400, f"framework=“{unknown[0][:40]}”: no such framework.", sorted(slugs))
        queryset = queryset.filter(framework__slug__in=wanted)
    traits = request.GET.getlist("trait")
    if traits:
        known = set(Trait.objects.filter(slug__in=traits).values_list("slug", flat=True))
        unknown = [s for s in traits if s not in known]
        if unknown:
            valid = sorted(Trait.objects.values_list("slug", flat=True))
            raise ApiError(400, f"trait=“{unknown[0][:40]}”: no such trait.", valid)
        queryset = queryset.filter(trait__slug__in=traits)
    origins = _choices(request, "origin", list(Origin.values))
    if origins:
        queryset = queryset.filter(origin__in=origins)
    return json_response(paginate(request, queryset, serialise.value))


@endpoint()
def traits(request: HttpRequest) -> HttpResponse:
    rows = Trait.objects.select_related("axis").order_by("axis__order", "order", "slug")
    return json_response({"results": [serialise.trait(t) for t in rows]})


@endpoint()
def axes(request: HttpRequest) -> HttpResponse:
    return json_response({"results": [serialise.axis(a) for a in Axis.objects.all()]})


@endpoint()
def scenarios(request: HttpRequest) -> HttpResponse:
    rows = Scenario.objects.for_ranking().order_by("order", "slug")
    return json_response({"results": [serialise.scenario(s) for s in rows]})


@endpoint()
def openapi(request: HttpRequest) -> HttpResponse:
    return json_response(schema.openapi())


@endpoint()
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise ApiError(404, f"There is no API endpoint /api/v1/{rest[:60]}.", schema.ENDPOINTS)


# --- The documentation page and the download ------------------------------------------


@require_safe
@query_shape({})
@cached_page
def docs(request: HttpRequest) -> HttpResponse:
    example = Framework.objects.published().order_by("slug").values_list("slug", flat=True).first()
    context = {
        "api": absolute_url(reverse("api:index")),
        "example": example or "django",
        "openapi": reverse("api:openapi"),
        "download": reverse("data_download"),
        "download_json": reverse("data_download_json"),
        "site": absolute_url(""),
        "per_page": PER_PAGE,
        "max_per_page": MAX_PER_PAGE,
        "share": LinkPreview(
            title="Framewise API and data download",
            description="The catalogue as a read-only JSON API (OpenAPI 3.1) and as a "
            "download (JSON and CSV, CC BY 4.0).",
            path=reverse("api_docs"),
            image_path=reverse("catalogue:preview_image"),
            image_alt="Framewise: choose a Python web framework",
        ),
        "example_query": urlencode({"kind": "micro", "has": "websockets:built-in"}),
    }
    return render(request, "api/docs.html", context)


@require_safe
@query_shape({})
@cached_page
def download(request: HttpRequest) -> HttpResponse:
    doc = dataset.document(request.catalogue_revision)
    response = HttpResponse(dataset.zip_bytes(doc), content_type="application/zip")
    name = f"framewise-catalogue-r{doc['about']['revision']}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@query_shape({})
@cached_page
def download_json(request: HttpRequest) -> HttpResponse:
    doc = dataset.document(request.catalogue_revision)
    response = HttpResponse(dataset.json_bytes(doc), content_type=JSON)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@query_shape({})
@cached_page
def download_schema(request: HttpRequest) -> HttpResponse:
    response = json_response(dataset.SCHEMA)
    response["Access-Control-Allow-Origin"] = "*"
    return response
