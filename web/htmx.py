"""Page or fragment: whether an HTMX request wants only the part of the page it swaps."""

from __future__ import annotations

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An HTMX request that swaps part of the page (a history restore needs it all)."""
    return bool(request.htmx) and not request.htmx.history_restore_request
