"""Link previews: what a chat app or a document shows for a shared Framewise link.

Every public page passes a `LinkPreview` to its template as `share`; the base
template turns it into the canonical link, Open Graph and Twitter tags. URLs
are absolute on the configured origin (`SITE_URL`), never on the request's
Host, and keep the view's state (filters, `?diff=1`, weights).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict


def absolute(path: str) -> str:
    """`path` (with its query) on the site's public origin."""
    return settings.SITE_URL + path


def with_state(path: str, params: QueryDict, keys: tuple[str, ...]) -> str:
    """`path` with the parameters among `keys` that the request carried, in
    the order of `keys` (tracking parameters and the like are left out)."""
    kept = QueryDict(mutable=True)
    for key in keys:
        values = [v for v in params.getlist(key) if v != ""]
        if values:
            kept.setlist(key, values)
    return f"{path}?{kept.urlencode()}" if kept else path


@dataclass(frozen=True)
class LinkPreview:
    title: str
    description: str
    path: str  # the canonical path, with the view's state in its query
    image_path: str
    image_alt: str

    @property
    def url(self) -> str:
        return absolute(self.path)

    @property
    def image(self) -> str:
        return absolute(self.image_path)
