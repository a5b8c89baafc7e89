"""When the database is unreachable, say so kindly (503, no stack trace) and let
load balancers and browsers retry; the next request after it returns works."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import unquote

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from web.errors import error_page
from web.outages import OutageLog

logger = logging.getLogger(__name__)
# Every request fails the same way while the database is down: one line a minute.
database_outage = OutageLog(logger, logging.ERROR)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        database_outage.log("database unavailable: %s", exception)
        body = render_to_string("503.html", {"request": request})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


class RejectControlCharactersMiddleware:
    """A NUL or other control character in a URL is never meant: say so with a 400
    (databases such as PostgreSQL cannot even compare text containing NUL)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = unquote(request.path) + unquote(request.META.get("QUERY_STRING", ""))
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in raw):
            return error_page(
                request,
                400,
                "Bad address",
                "The address contains a control character (such as NUL), so it cannot "
                "name anything here.",
            )
        return self.get_response(request)


class ClearCacheAfterAdminSaveMiddleware:
    """A successful POST in the admin (a login, a save, a revert) answers with a
    redirect; that redirect also tells the editor's browser to drop its HTTP
    cache, so a public page it kept from before (`max-age=60`, perhaps from
    before signing in) is fetched again and shows the edit at once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and request.path.startswith("/admin/")
            and response.status_code in (301, 302, 303)
        ):
            response["Clear-Site-Data"] = '"cache"'
        return response
