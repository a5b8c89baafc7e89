"""Error pages in the site's design, each saying what went wrong."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

API_PREFIX = "/api/v1/"


def error_page(
    request: HttpRequest,
    status: int,
    title: str,
    message: str,
    fragment: bool = False,
    **context: object,
) -> HttpResponse:
    """The error page, or (for an HTMX swap) just its message block. A JSON endpoint
    (an address ending in .json, or the API) answers in JSON: `{"error": …, "valid": […]}`,
    with the problems named and, where known, the values that would be valid."""
    if request.path.endswith(".json") or request.path.startswith(API_PREFIX):
        problems = list(context.get("problems") or [])  # type: ignore[call-overload]
        suggestions = context.get("suggestions") or []
        valid = context.get("valid") or [s["name"] for s in suggestions]  # type: ignore[union-attr]
        response = JsonResponse(
            {
                "error": " ".join([title + ".", *problems]) if problems else f"{title}. {message}",
                "problems": problems,
                "valid": list(valid),  # type: ignore[call-overload]
            },
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
        if request.path.startswith(API_PREFIX):
            response["Access-Control-Allow-Origin"] = "*"
        return response
    template = "error.html#error" if fragment else "error.html"
    return render(
        request,
        template,
        {"status": status, "title": title, "message": message, **context},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400, "Bad request", "The request could not be understood.")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404, "Not found", "There is no page at this address.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403, "Not allowed", "You do not have permission to see this page.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(
        request,
        403,
        "This form has expired",
        "The form was sent without a valid security token (it may have been open for a "
        "long time, or cookies are blocked). Go back, reload the page and send it again; "
        "what you typed is still in your browser's back history.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without a request context: nothing here may touch the database,
    # which may be what failed.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
