"""Compressed pages for anonymous visitors, never for a page that carries a secret.

BREACH recovers a secret from a compressed response that also reflects what the
attacker sends. The only per-visitor secret in our HTML is the CSRF token, which
only editors' pages (the admin, the login form) carry; those go uncompressed.
Public pages hold no secret, and they are most of the traffic (the comparison
page is about 94 KB of HTML, 10 KB compressed). Static files are compressed
ahead of time by WhiteNoise.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware

CSRF_FIELD = b'name="csrfmiddlewaretoken"'


def carries_a_secret(request: HttpRequest, response: HttpResponse) -> bool:
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a token was rendered
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return not response.streaming and CSRF_FIELD in response.content


class CompressAnonymousPagesMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if carries_a_secret(request, response):
            return response
        return super().process_response(request, response)
