"""The API's OpenAPI 3.1 description, written by hand beside the shapes it
describes (`api.serialise`). The slugs a parameter may name (frameworks, traits,
`has` values) are listed from the catalogue at the revision it is served for, so
a client, or schemathesis, knows exactly which values are valid."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from catalogue.browse.filters import INTERFACES, filterable_traits
from catalogue.browse.wanted import LEVELS
from catalogue.models import Framework, Kind, Origin, Trait, TraitType

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/frameworks/",
    "/api/v1/frameworks/{slug}/",
    "/api/v1/values/",
    "/api/v1/traits/",
    "/api/v1/axes/",
    "/api/v1/scenarios/",
    "/api/v1/openapi.json",
]

_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required if required is not None else list(properties),
        "additionalProperties": False,
    }


def _page_of(item: str) -> dict[str, Any]:
    return _object(
        {
            "count": {**_INT, "minimum": 0, "description": "Items matching, on every page."},
            "page": {**_INT, "minimum": 1},
            "pages": {**_INT, "minimum": 1},
            "per_page": {**_INT, "minimum": 1},
            "next": {**_NSTR, "description": "The next page's URL, or null on the last."},
            "previous": {**_NSTR, "description": "The previous page's URL, or null on the first."},
            "results": {"type": "array", "items": _ref(item)},
        }
    )


def _list_of(item: str) -> dict[str, Any]:
    return _object({"results": {"type": "array", "items": _ref(item)}})


SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {
            "error": {**_STR, "description": "What is wrong, in words."},
            "problems": {
                "type": "array",
                "items": _STR,
                "description": "Each problem found, one sentence each (may be empty).",
            },
            "valid": {
                "type": "array",
                "items": _STR,
                "description": "The values (or parameters) that would work.",
            },
        },
        required=["error", "valid"],
    ),
    "Interfaces": _object({"wsgi": _BOOL, "asgi": _BOOL, "own_server": _BOOL}),
    "Framework": _object(
        {
            "slug": _STR,
            "name": _STR,
            "kind": {"enum": list(Kind.values)},
            "interfaces": _ref("Interfaces"),
            "builds_on": {**_NSTR, "description": "The host framework of a toolkit."},
            "aliases": {"type": "array", "items": _STR},
            "summary": _STR,
            "homepage": _NSTR,
            "docs": _NSTR,
            "repository": _NSTR,
            "package": {**_NSTR, "description": "The package's name on PyPI."},
            "licence": _NSTR,
            "first_release_year": {"type": ["integer", "null"]},
            "latest_version": _NSTR,
            "latest_release": {**_NSTR, "description": "YYYY-MM-DD, or YYYY-MM."},
            "url": {**_STR, "description": "This framework in the API."},
            "page": {**_STR, "description": "This framework's page on the site."},
        }
    ),
    "Provenance": _object(
        {
            "origin": {
                "enum": list(Origin.values),
                "description": "curated: an editor read the source; fetched: from the package "
                "index; measured: by the lab.",
            },
            "source": {**_NSTR, "description": "The page that shows the value."},
            "version": {**_NSTR, "description": "The framework version the value applies to."},
            "date": {"type": ["string", "null"], "format": "date"},
            "date_is": {"enum": ["verified", "fetched", "measured"]},
            "note": _NSTR,
        }
    ),
    "TraitValue": _object(
        {
            "trait": _STR,
            "type": {"enum": list(TraitType.values)},
            "value": {
                "type": ["boolean", "string", "integer", "number", "null"],
                "description": "Typed: yes/no, a support level, 1–5, a number in `unit`, "
                "text; null when unknown.",
            },
            "display": _STR,
            "unit": _NSTR,
            "provenance": _ref("Provenance"),
        }
    ),
    "Scale": _object({"low": {"type": "number"}, "high": {"type": "number"}, "log": _BOOL}),
    "Trait": _object(
        {
            "slug": _STR,
            "name": _STR,
            "axis": _STR,
            "type": {"enum": list(TraitType.values)},
            "unit": _NSTR,
            "direction": {"enum": ["higher", "lower", None]},
            "family": _NSTR,
            "key": _BOOL,
            "share_of_axis": {"type": "number", "minimum": 0},
            "scale": {"oneOf": [_ref("Scale"), {"type": "null"}]},
            "never_stale": _BOOL,
            "description": {**_STR, "description": "What the trait means."},
            "rubric": {
                **_object(
                    {
                        "levels": {
                            "type": "object",
                            "additionalProperties": _STR,
                            "description": "Per level (or value), the test that decides it.",
                        },
                        "borderline": {"type": "array", "items": _STR},
                    }
                ),
                "description": "How a value is judged, the same for every framework.",
            },
        }
    ),
    "Axis": _object({"slug": _STR, "name": _STR, "order": _INT, "description": _STR}),
    "Scenario": _object(
        {
            "slug": _STR,
            "name": _STR,
            "summary": _STR,
            "rationale": {**_STR, "description": "Markdown: why these weights and must-haves."},
            "weights": {
                "type": "object",
                "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 10},
                "description": "Axis or trait slug -> weight 0–10.",
            },
            "must_haves": {"type": "array", "items": _STR},
            "page": _STR,
            "decision": {**_STR, "description": "The decision matrix for this scenario."},
        }
    ),
    "Index": {"type": "object", "additionalProperties": {"type": ["string", "integer"]}},
}
SCHEMAS["FrameworkDetail"] = _object(
    {
        **SCHEMAS["Framework"]["properties"],
        "description": {**_STR, "description": "Markdown."},
        "values": {"type": "array", "items": _ref("TraitValue")},
    }
)
SCHEMAS["Value"] = _object({"framework": _STR, **SCHEMAS["TraitValue"]["properties"]})
SCHEMAS["FrameworkPage"] = _page_of("Framework")
SCHEMAS["ValuePage"] = _page_of("Value")
SCHEMAS["TraitList"] = _list_of("Trait")
SCHEMAS["AxisList"] = _list_of("Axis")
SCHEMAS["ScenarioList"] = _list_of("Scenario")

_ETAG = {
    "ETag": {
        "description": "The catalogue revision the answer was built for; send it back in "
        "If-None-Match to get a 304 while nothing changed.",
        "schema": _STR,
    },
    "Access-Control-Allow-Origin": {"schema": {"const": "*"}},
}


def _json(schema: dict[str, Any], description: str, headers: bool = True) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        answer["headers"] = _ETAG
    return answer


_ERROR = _json(_ref("Error"), "", headers=False)


def _error(description: str) -> dict[str, Any]:
    return {**_ERROR, "description": description}


def _array(name: str, values: list[str], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "style": "form",
        "explode": True,
        "description": description,
        "schema": {"type": "array", "items": {"enum": values}},
    }


_PAGINATION = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "A page past the last is empty.",
        "schema": {"type": "integer", "minimum": 1, "maximum": 10**6, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50},
    },
]


def _get(
    summary: str, ok: dict[str, Any], parameters: list[dict] | None = None, missing: bool = False
) -> dict[str, Any]:
    responses = {"200": ok, "304": {"description": "Not modified since the ETag sent."}}
    responses["400"] = _error("A bad parameter: the error says which, `valid` what works.")
    # Answered by the production server (gunicorn) before the app: a request line over
    # 4 KB. The app bounds every parameter far below that.
    responses["414"] = {"description": "The address is longer than the server accepts (4 KB)."}
    if missing:
        responses["301"] = {"description": "An old slug or alias: the framework's own URL."}
        responses["404"] = _error("No such framework; `valid` lists close matches.")
    return {
        "get": {
            "summary": summary,
            "operationId": summary.lower().replace(" ", "_").replace(",", ""),
            "parameters": parameters or [],
            "responses": responses,
        }
    }


def openapi() -> dict[str, Any]:
    """The schema, for the catalogue as it is now."""
    frameworks = list(Framework.objects.published().order_by("slug").values_list("slug", flat=True))
    traits = list(Trait.objects.order_by("slug").values_list("slug", flat=True))
    has = []
    for slug, kind in filterable_traits().order_by("slug").values_list("slug", "type"):
        has.append(slug)
        if kind == TraitType.SUPPORT:
            has += [f"{slug}:{level}" for level in LEVELS]
    paths = {
        "/api/v1/": _get("The API's endpoints", _json(_ref("Index"), "Links to each endpoint.")),
        "/api/v1/frameworks/": _get(
            "List frameworks",
            _json(_ref("FrameworkPage"), "One page of published frameworks, by slug."),
            [
                _array("kind", list(Kind.values), "Any of these kinds."),
                _array("interface", [s for s, _ in INTERFACES], "Any of these interfaces."),
                _array(
                    "has",
                    has,
                    "Every one of these: `<trait>` is built-in or first-party (yes for a "
                    "yes/no trait); `<trait>:<level>` at least that level.",
                ),
                *_PAGINATION,
            ],
        ),
        "/api/v1/frameworks/{slug}/": _get(
            "One framework with its values",
            _json(_ref("FrameworkDetail"), "The framework and every value, with provenance."),
            [
                {
                    "name": "slug",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "enum": frameworks},
                }
            ],
            missing=True,
        ),
        "/api/v1/values/": _get(
            "List values with provenance",
            _json(_ref("ValuePage"), "One page of published values."),
            [
                _array("framework", frameworks, "Any of these frameworks."),
                _array("trait", traits, "Any of these traits."),
                _array("origin", list(Origin.values), "Any of these origins."),
                *_PAGINATION,
            ],
        ),
        "/api/v1/traits/": _get(
            "List traits with their rubric", _json(_ref("TraitList"), "Every trait.")
        ),
        "/api/v1/axes/": _get(
            "List the axes", _json(_ref("AxisList"), "The four axes of the decision.")
        ),
        "/api/v1/scenarios/": _get(
            "List scenarios",
            _json(_ref("ScenarioList"), "Published scenarios with weights and must-haves."),
        ),
        "/api/v1/openapi.json": _get(
            "This schema", _json({"type": "object"}, "The OpenAPI 3.1 description.")
        ),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Framewise API",
            "version": "1",
            "summary": "Python web frameworks, their sourced traits and use-case scenarios.",
            "description": "Read-only. Every value carries its provenance (origin, source, "
            "version, date, note). The decision matrix is at /decide.json. The data is "
            "CC BY 4.0.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": settings.SITE_URL}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
