"""The Atom feed that follows a decision (/decide/feed/?…: an entry only when the
decision's answer would change, with links to it before and after). A
comparison's feed is compare/side_by_side/feeds.py.

It goes through the page cache, so each is built once per catalogue revision;
a decision's outcomes are kept per (canonical decision, revision) by
`compare.decide.watch`, so a new revision costs one new outcome, not a replay of the
history.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from catalogue.feeds import (
    FEED_AUTHOR,
    TAG_ROOT,
    RevisionAtomFeed,
    revision_at,
)
from catalogue.models import RevisionLog, Scenario
from catalogue.scoring.matrix import current_matrix
from catalogue.scoring.podiums import ranked_scenarios
from compare.decide.state import Decision, parse
from compare.decide.views import BAD_DECISION, DECISION_PARAMETERS, catalogue_for, criterion_names
from compare.decide.watch import (
    Outcome,
    current_outcome,
    differences,
    known_outcomes,
    outcome_at,
)
from web.cache.pages import cached_page
from web.errors import error_page
from web.methods import require_safe
from web.origin import absolute_url
from web.query import query_shape

# Revisions a decision's feed looks back over (entries come only from these).
WATCH_WINDOW = 30
# Outcomes a request computes at most (about 4.5 ms of CPU each here): a decision's
# feed asked for the first time checks its window over several requests, newest
# revisions first, and is kept in the page cache only once the window is checked.
NEW_OUTCOMES_PER_REQUEST = 3
# A feed of a decision takes the decision's own parameters; `rev` makes no sense
# for something that follows the catalogue, so it is dropped (301) like any
# unknown parameter.
DECISION_FEED_PARAMETERS = {k: v for k, v in DECISION_PARAMETERS.items() if k != "rev"}


# --- A decision's feed ---------------------------------------------------------------


def canonical_decision(
    params: QueryDict, revision: int
) -> tuple[Decision | None, list[str], dict[str, str]]:
    """The decision a query string asks for, in its one canonical form, with the
    problems of a bad one and the names of criteria. (The decision's own
    canonicaliser, once it has one, replaces `parse` here.)"""
    matrix = current_matrix(revision)
    catalogue = catalogue_for(matrix, ranked_scenarios(revision))
    decision, problems = parse(params, catalogue)
    return decision, problems, criterion_names(matrix)


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
    decision: Decision,
    names: dict[str, str],
    revision: int,
    window: int = WATCH_WINDOW,
    budget: int | None = None,
) -> tuple[list[DecisionEntry], bool]:
    """Newest first: each revision (of the last `window`) after which the decision
    would come out differently, with what changed; and whether the whole window was
    checked. At most `budget` outcomes not computed before are computed (newest
    first): a decision nobody watched yet has its history checked over a few
    requests, each costing about what a decision page does, instead of one request
    costing a second."""
    budget = NEW_OUTCOMES_PER_REQUEST if budget is None else budget
    log = list(
        RevisionLog.objects.filter(number__lte=revision)
        .order_by("-number")
        .values_list("number", "at")[: window + 1]
    )
    known = known_outcomes(decision, [number for number, _ in log])
    outcomes: list[tuple[Outcome, datetime.datetime]] = []
    complete = True
    for number, at in log:  # newest first
        found = known.get(number)
        if found is None:
            if budget <= 0:
                complete = False
                break
            budget -= 1
            found = (
                current_outcome(decision, names, number)
                if number == revision
                else outcome_at(decision, names, number, at, revision)
            )
        outcomes.append((found, at))
    outcomes.reverse()
    entries = []
    for (before, _), (after, at) in itertools.pairwise(outcomes):
        changes = differences(before, after)
        if changes:
            entries.append(DecisionEntry(before.revision, after.revision, at, changes))
    entries.reverse()
    return entries, complete


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
        text = (
            "An entry only when this decision would come out differently: its top three or "
            "their order, a tipping point, a framework eliminated or back, a deciding value, "
            "a new advisory for one of the top three."
        )
        if not obj.get("complete", True):
            text += (
                " The most recent catalogue changes are checked; older ones are being "
                "checked, a few each time this feed is fetched, and their entries appear "
                "as they are."
            )
        return text

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
    entries, complete = decision_entries(decision, names, revision)
    watched = {
        "decision": decision,
        "digest": hashlib.sha1(decision.query.encode()).hexdigest()[:16],
        "title": f"Decision: {scenario}"
        if scenario
        else f"Decision matrix ({decision.query or 'equal weights'})",
        "entries": entries,
        "complete": complete,
    }
    response = DecisionFeed()(request, watched=watched)
    if not complete:
        # Older revisions are checked on the next requests: not kept, no validator.
        response.incomplete = True
    return response
