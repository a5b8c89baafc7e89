"""Absolute URLs come from one configured origin (settings.SITE_URL), never from the
request's Host: a request with another Host (any port of an allowed host passes
ALLOWED_HOSTS) must not change a cached page's canonical link, og:url or exports."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str) -> str:
    """`path` (starting with "/", query string allowed) on the site's origin."""
    return f"{settings.SITE_URL}{path}"


def site_url(request: HttpRequest) -> dict[str, str]:
    """Context processor: `{{ site_url }}{{ some_path }}` in templates."""
    return {"site_url": settings.SITE_URL}
