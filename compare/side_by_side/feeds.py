"""A comparison's Atom feed: every change to a value it shows, newest first."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from catalogue.feeds import (
    TAG_ROOT,
    ChangesFeedBase,
    Entry,
    value_entries,
)
from catalogue.models import Framework
from compare.side_by_side.canonical import split_spec
from compare.side_by_side.views import BAD_COMPARISON, resolve_spec
from web.cache.pages import cached_page
from web.methods import require_safe
from web.origin import absolute_url
from web.query import query_shape


class ComparisonFeed(ChangesFeedBase):
    def get_object(self, request: HttpRequest, slugs: list[str], names: list[str]) -> Any:
        return {"slugs": slugs, "names": names}

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        feed.feed["id"] = f"{TAG_ROOT}compare-{'-vs-'.join(obj['slugs'])}"
        return feed

    def title(self, obj: Any) -> str:
        return f"Framewise: changes to {' vs '.join(obj['names'])}"

    def subtitle(self, obj: Any) -> str:
        return "Every change to a value this comparison shows, newest first."

    def link(self, obj: Any) -> str:
        return absolute_url(reverse("compare:compare", args=["-vs-".join(obj["slugs"])]))

    def feed_url(self, obj: Any) -> str:
        return absolute_url(reverse("comparison_feed", args=["-vs-".join(obj["slugs"])]))

    def items(self, obj: Any) -> list[Entry]:
        ids = list(
            Framework.objects.published().filter(slug__in=obj["slugs"]).values_list("pk", flat=True)
        )
        page = reverse("compare:compare", args=["-vs-".join(obj["slugs"])])
        # Each entry opens the comparison at the row that changed.
        return [
            replace(e, link=absolute_url(f"{page}#trait-{e.categories[1]}"))
            for e in value_entries(ids)
        ]


@require_safe
@query_shape({}, title=BAD_COMPARISON)
@cached_page(frameworks=lambda request, spec: [part.lower() for part in split_spec(spec)])
def comparison_feed(request: HttpRequest, spec: str) -> HttpResponse:
    resolution, response = resolve_spec(request, spec)
    if response is not None:
        if response.status_code == 301 and len(resolution.slugs) == 1:
            return redirect("framework_feed", slug=resolution.slugs[0], permanent=True)
        return response
    if spec != resolution.spec:
        return redirect("comparison_feed", spec=resolution.spec, permanent=True)
    names = dict(
        Framework.objects.published().filter(slug__in=resolution.slugs).values_list("slug", "name")
    )
    return ComparisonFeed()(
        request, slugs=resolution.slugs, names=[names[s] for s in resolution.slugs]
    )
