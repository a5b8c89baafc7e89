"""Error pages in the site's design, each saying what went wrong."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def error_page(
    request: HttpRequest,
    status: int,
    title: str,
    message: str,
    fragment: bool = False,
    **context: object,
) -> HttpResponse:
    """The error page, or (for an HTMX swap) just its message block."""
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


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors that touch the database: it may be what failed.
    return HttpResponse(
        "<!doctype html><title>Server error</title><h1>Something went wrong</h1>"
        "<p>The error has been logged. Please try again in a moment.</p>",
        status=500,
    )
