"""Atom feeds of the catalogue's changes: every published change (/changes/feed/)
and one framework's (/frameworks/<slug>/feed/), including the releases and
advisories fetched from the package index.

Feeds are Django syndication feeds served through the page cache, so a feed is
built once per catalogue revision and answers conditional requests with 304.
Every URL in them is absolute on the configured origin (`SITE_URL`), never on
the request's Host.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from catalogue import history
from catalogue.models import Framework, RevisionLog
from web.cache.pages import cached_page
from web.methods import require_safe
from web.origin import absolute_url
from web.query import query_shape

# Newest entries a feed carries; readers poll, so older ones were seen already.
FEED_ENTRIES = 50
FEED_AUTHOR = "Framewise editors"
TAG_ROOT = "tag:framewise,2026:"
# Counts of security advisories the package index reports: a rise is a new advisory.
ADVISORY_TRAITS = {"vulnerabilities-latest", "vulnerabilities-12m"}


class RevisionAtomFeed(Atom1Feed):
    """Atom whose feed-level <updated> is the newest entry's date or, for a feed
    with no entries, the catalogue revision's date, never the time of the
    request: the same revision gives the same bytes (and ETag)."""

    def latest_post_date(self) -> datetime.datetime:
        dates = [
            item.get("updateddate") or item.get("pubdate")
            for item in self.items
            if item.get("updateddate") or item.get("pubdate")
        ]
        if dates:
            return max(dates)
        return self.feed.get("revision_at") or datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def revision_at() -> datetime.datetime | None:
    return RevisionLog.objects.order_by("-number").values_list("at", flat=True).first()


@dataclass
class Entry:
    """One entry of a changes feed: a value change or a release."""

    title: str
    description: str
    link: str
    guid: str
    at: datetime.datetime
    author: str
    categories: list[str]


_AUTHORS = {"fetched": "Package index (fetched)", "measured": "Framewise lab"}
_WHO = {"fetched": "Fetched from the package index", "measured": "Measured by the lab"}


def _count(display: str | None) -> float | None:
    match = re.match(r"^-?\d+(\.\d+)?", display or "")
    return float(match.group()) if match else None


def change_title(change: history.ValueChange) -> str:
    old = change.old or "nothing"
    new = change.new or "removed"
    title = f"{change.framework.name} · {change.trait.name}: {old} → {new}"
    before, after = _count(change.old), _count(change.new)
    if change.trait.slug in ADVISORY_TRAITS and after is not None and after > (before or 0):
        return f"New advisory: {title}"
    return title


def _source(url: str) -> str:
    return absolute_url(url) if url.startswith("/") else url


def value_entries(framework_ids: list[int], limit: int = FEED_ENTRIES) -> list[Entry]:
    """The newest value changes of these frameworks, not the first population of
    the catalogue (two queries, whatever the number of frameworks)."""
    records = list(history.value_history(framework_ids).exclude(history_type="+")[:limit])
    entries = []
    for record, change in zip(records, history.value_changes(records), strict=True):
        lines = [
            f"{change.framework.name}, {change.trait.name}: "
            f"{change.old or 'no value'} → {change.new or 'removed'}.",
            f"{_WHO.get(change.origin, 'Changed by an editor')}.",
        ]
        if record.source_url:
            lines.append(f"Source: {_source(record.source_url)}")
        if record.applies_to_version:
            lines.append(f"Applies to version {record.applies_to_version}.")
        entries.append(
            Entry(
                title=change_title(change),
                description="\n".join(lines),
                link=absolute_url(
                    f"{reverse('catalogue:changes')}?framework={change.framework.slug}"
                ),
                guid=f"{TAG_ROOT}change-{change.record_id}",
                at=change.at,
                author=_AUTHORS.get(change.origin, FEED_AUTHOR),
                categories=[change.framework.slug, change.trait.slug],
            )
        )
    return entries


def release_entries(framework_ids: list[int], limit: int = FEED_ENTRIES) -> list[Entry]:
    """New releases recorded on these frameworks (the package index refresh writes
    the latest version and its date): one query over their history."""
    rows = history.HistoricalFramework.objects.filter(id__in=framework_ids).order_by(
        "id", "history_date", "history_id"
    )
    entries = []
    previous: dict[int, str] = {}
    for row in rows.values_list(
        "id", "slug", "name", "latest_version", "latest_release", "history_date", "history_id"
    ):
        pk, slug, name, version, released, at, history_id = row
        before = previous.get(pk)
        previous[pk] = version
        if before is None or not version or version == before:
            continue
        when = f", released {released}" if released else ""
        entries.append(
            Entry(
                title=f"{name} {version} released (was {before})",
                description=f"{name} {version}{when}, as the package index reports it. "
                f"The catalogue had {before}.",
                link=absolute_url(reverse("catalogue:framework", args=[slug])),
                guid=f"{TAG_ROOT}release-{history_id}",
                at=at,
                author=_AUTHORS["fetched"],
                categories=[slug, "release"],
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def newest(*lists: list[Entry], limit: int = FEED_ENTRIES) -> list[Entry]:
    return sorted((e for entries in lists for e in entries), key=lambda e: e.at, reverse=True)[
        :limit
    ]


class ChangesFeedBase(Feed):
    feed_type = RevisionAtomFeed
    author_name = FEED_AUTHOR
    item_guid_is_permalink = False

    def feed_extra_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"revision_at": revision_at()}

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.guid

    def item_pubdate(self, item: Entry) -> datetime.datetime:
        return item.at

    def item_updateddate(self, item: Entry) -> datetime.datetime:
        return item.at

    def item_author_name(self, item: Entry) -> str:
        return item.author

    def item_categories(self, item: Entry) -> list[str]:
        return item.categories


class AllChangesFeed(ChangesFeedBase):
    title = "Framewise: changes to the catalogue"
    subtitle = (
        "Every change to a published value, newest first: framework, trait, old and new "
        "value, source; and new releases."
    )

    def link(self) -> str:
        return absolute_url(reverse("catalogue:changes"))

    def feed_url(self) -> str:
        return absolute_url(reverse("changes_feed"))

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        feed.feed["id"] = f"{TAG_ROOT}changes"
        return feed

    def items(self) -> list[Entry]:
        ids = list(Framework.objects.published().values_list("pk", flat=True))
        return newest(value_entries(ids), release_entries(ids))


class FrameworkFeed(ChangesFeedBase):
    def get_object(self, request: HttpRequest, slug: str) -> Framework:
        framework = Framework.objects.published().filter(slug=slug).first()
        if framework is None:
            raise Http404(f"There is no published framework “{slug}”.")
        return framework

    def get_feed(self, obj: Framework, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        feed.feed["id"] = f"{TAG_ROOT}framework-{obj.pk}"
        return feed

    def title(self, obj: Framework) -> str:
        return f"Framewise: changes to {obj.name}"

    def subtitle(self, obj: Framework) -> str:
        return (
            f"Every change to {obj.name}'s published values, newest first, including "
            "releases and advisories fetched from the package index."
        )

    def link(self, obj: Framework) -> str:
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj: Framework) -> str:
        return absolute_url(reverse("framework_feed", args=[obj.slug]))

    def items(self, obj: Framework) -> list[Entry]:
        return newest(value_entries([obj.pk]), release_entries([obj.pk]))


@require_safe
@query_shape({})
@cached_page
def changes_feed(request: HttpRequest) -> HttpResponse:
    return AllChangesFeed()(request)


@require_safe
@query_shape({})
@cached_page(frameworks=lambda request, slug: [slug.lower()])
def framework_feed(request: HttpRequest, slug: str) -> HttpResponse:
    return FrameworkFeed()(request, slug=slug)
