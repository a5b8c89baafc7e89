"""Atom feeds that follow a comparison (/compare/<a>-vs-<b>…/feed/: every change
to a value it shows) and a decision (/decide/feed/?…: an entry only when the
decision's answer would change, with links to it before and after).

Both go through the page cache, so each is built once per catalogue revision;
a decision's outcomes are kept per (canonical decision, revision) by
`compare.watch`, so a new revision costs one new outcome, not a replay of the
history.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from catalogue.feeds import (
    FEED_AUTHOR,
    TAG_ROOT,
    ChangesFeedBase,
    Entry,
    RevisionAtomFeed,
    revision_at,
    value_entries,
)
from catalogue.models import Framework, RevisionLog, Scenario
from catalogue.scoring.matrix import current_matrix
from catalogue.views import ranked_scenarios
from compare.canonical import split_spec
from compare.decide_views import BAD_DECISION, DECISION_PARAMETERS, _catalogue, _names
from compare.decision import Decision, parse
from compare.views import BAD_COMPARISON, _resolve
from compare.watch import Outcome, current_outcome, differences, outcome_at
from web.cache.pages import cached_page
from web.errors import error_page
from web.methods import require_safe
from web.origin import absolute_url
from web.query import query_shape

# Revisions a decision's feed looks back over (entries come only from these).
WATCH_WINDOW = 30
# A feed of a decision takes the decision's own parameters; `rev` makes no sense
# for something that follows the catalogue, so it is dropped (301) like any
# unknown parameter.
DECISION_FEED_PARAMETERS = {k: v for k, v in DECISION_PARAMETERS.items() if k != "rev"}


# --- A comparison's feed -------------------------------------------------------------


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
    resolution, response = _resolve(request, spec)
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


# --- A decision's feed ---------------------------------------------------------------


def canonical_decision(
    params: QueryDict, revision: int
) -> tuple[Decision | None, list[str], dict[str, str]]:
    """The decision a query string asks for, in its one canonical form, with the
    problems of a bad one and the names of criteria. (The decision's own
    canonicaliser, once it has one, replaces `parse` here.)"""
    matrix = current_matrix(revision)
    catalogue = _catalogue(matrix, ranked_scenarios(revision))
    decision, problems = parse(params, catalogue)
    return decision, problems, _names(matrix)


def decision_path(decision: Decision, path: str = "/decide/", rev: int | None = None) -> str:
    query = decision.query
    if rev is not None:
        query = f"{query}&rev={rev}" if query else f"rev={rev}"
    return f"{path}?{query}" if query else path


def feed_path(decision: Decision) -> str:
    return decision_path(decision, reverse("decision_feed"))


@dataclass
class DecisionEntry:
    before: int
    after: int
    at: datetime.datetime
    changes: list[str]


def decision_entries(
    decision: Decision, names: dict[str, str], revision: int, window: int = WATCH_WINDOW
) -> list[DecisionEntry]:
    """Newest first: each revision (of the last `window`) after which the decision
    would come out differently, with what changed."""
    log = list(
        RevisionLog.objects.filter(number__lte=revision)
        .order_by("-number")
        .values_list("number", "at")[: window + 1]
    )
    log.reverse()
    outcomes: list[tuple[Outcome, datetime.datetime]] = []
    for number, at in log:
        found = (
            current_outcome(decision, names, number)
            if number == revision
            else outcome_at(decision, names, number, revision)
        )
        if found is not None:
            outcomes.append((found, at))
    entries = []
    for (before, _), (after, at) in itertools.pairwise(outcomes):
        changes = differences(before, after)
        if changes:
            entries.append(DecisionEntry(before.revision, after.revision, at, changes))
    entries.reverse()
    return entries


class DecisionAtomFeed(RevisionAtomFeed):
    """Atom with a `related` link to the decision as it was before each change."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "link",
            "",
            {"rel": "related", "href": item["before_url"], "title": "The decision before"},
        )


class DecisionFeed(Feed):
    feed_type = DecisionAtomFeed
    author_name = FEED_AUTHOR
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, watched: dict[str, Any]) -> dict[str, Any]:
        return watched

    def get_feed(self, obj: Any, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        feed.feed["id"] = f"{TAG_ROOT}decision-{obj['digest']}"
        return feed

    def feed_extra_kwargs(self, obj: Any) -> dict[str, Any]:
        return {"revision_at": revision_at()}

    def title(self, obj: Any) -> str:
        return f"Framewise: watching “{obj['title']}”"

    def subtitle(self, obj: Any) -> str:
        return (
            "An entry only when this decision would come out differently: its top three or "
            "their order, a tipping point, a framework eliminated or back, a deciding value, "
            "a new advisory for one of the top three."
        )

    def link(self, obj: Any) -> str:
        return absolute_url(decision_path(obj["decision"]))

    def feed_url(self, obj: Any) -> str:
        return absolute_url(feed_path(obj["decision"]))

    def items(self, obj: Any) -> list[tuple[Decision, DecisionEntry]]:
        return [(obj["decision"], e) for e in obj["entries"]]

    def item_title(self, item: tuple[Decision, DecisionEntry]) -> str:
        _, entry = item
        more = f" (and {len(entry.changes) - 1} more)" if len(entry.changes) > 1 else ""
        return f"{entry.changes[0]}{more}"

    def item_description(self, item: tuple[Decision, DecisionEntry]) -> str:
        decision, entry = item
        return format_html(
            "<p>After catalogue revision {}, this decision comes out differently:</p>"
            "<ul>{}</ul>"
            '<p><a href="{}">The decision before (revision {})</a> · '
            '<a href="{}">The decision after (revision {})</a></p>',
            entry.after,
            format_html_join("", "<li>{}</li>", ((c,) for c in entry.changes)),
            absolute_url(decision_path(decision, rev=entry.before)),
            entry.before,
            absolute_url(decision_path(decision, rev=entry.after)),
            entry.after,
        )

    def item_link(self, item: tuple[Decision, DecisionEntry]) -> str:
        decision, entry = item
        return absolute_url(decision_path(decision, rev=entry.after))

    def item_extra_kwargs(self, item: tuple[Decision, DecisionEntry]) -> dict[str, Any]:
        decision, entry = item
        return {"before_url": absolute_url(decision_path(decision, rev=entry.before))}

    def item_guid(self, item: tuple[Decision, DecisionEntry]) -> str:
        decision, entry = item
        digest = hashlib.sha1(decision.query.encode()).hexdigest()[:16]
        return f"{TAG_ROOT}decision-{digest}-r{entry.after}"

    def item_pubdate(self, item: tuple[Decision, DecisionEntry]) -> datetime.datetime:
        return item[1].at

    def item_author_name(self, item: tuple[Decision, DecisionEntry]) -> str:
        return FEED_AUTHOR

    def item_updateddate(self, item: tuple[Decision, DecisionEntry]) -> datetime.datetime:
        return item[1].at


@require_safe
@query_shape(DECISION_FEED_PARAMETERS, title=BAD_DECISION)
@cached_page
def decision_feed(request: HttpRequest) -> HttpResponse:
    revision = request.catalogue_revision
    decision, problems, names = canonical_decision(request.GET, revision)
    if decision is None:
        return error_page(
            request,
            400,
            BAD_DECISION,
            "There is no decision to watch. Fix the part named below.",
            problems=problems,
            back_url=reverse("compare:decide"),
            back_label="Start from equal weights",
        )
    canonical = feed_path(decision)
    if request.get_full_path() != canonical:
        return redirect(canonical, permanent=True)
    scenario = (
        (
            Scenario.objects.published()
            .filter(slug=decision.scenario)
            .values_list("name", flat=True)
        ).first()
        if decision.scenario
        else None
    )
    watched = {
        "decision": decision,
        "digest": hashlib.sha1(decision.query.encode()).hexdigest()[:16],
        "title": f"Decision: {scenario}"
        if scenario
        else f"Decision matrix ({decision.query or 'equal weights'})",
        "entries": decision_entries(decision, names, revision),
    }
    return DecisionFeed()(request, watched=watched)
