"""Which HTTP methods a URL answers, decided before CSRF.

Views say what they accept with `require_safe` (GET and HEAD). The middleware
reads that before CsrfViewMiddleware runs, so a POST, PUT or DELETE to a public
page is a 405 that names the allowed methods, not a 403 "This form has
expired"; OPTIONS gets a 200 with the same `Allow` header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators import http

SAFE = ("GET", "HEAD")


def require_safe[V: Callable[..., HttpResponse]](view: V) -> V:
    """GET and HEAD only (monitors, link checkers and `curl -I` send HEAD). Django's
    own decorator stays underneath as a backstop should the middleware be missing."""
    checked = http.require_safe(view)
    checked.allowed_methods = SAFE  # type: ignore[attr-defined]
    return checked  # type: ignore[return-value]


def allow_header(allowed: tuple[str, ...]) -> str:
    return ", ".join([*allowed, "OPTIONS"])


class MethodNotAllowedMiddleware:
    """Place before CsrfViewMiddleware: its process_view runs first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        allowed: tuple[str, ...] | None = getattr(view_func, "allowed_methods", None)
        if allowed is None or request.method in allowed:
            return None
        allow = allow_header(allowed)
        if request.method == "OPTIONS":
            response = HttpResponse(status=200, content_type="text/plain; charset=utf-8")
        else:
            method = (request.method or "")[:20]
            response = HttpResponse(
                f"405 Method Not Allowed\n\n{request.path} answers {allow}, not {method}.\n"
                "To change the catalogue, editors use /admin/.\n",
                status=405,
                content_type="text/plain; charset=utf-8",
            )
        response["Allow"] = allow
        response["Cache-Control"] = "no-store"
        return response
