"""A decision's feed ("watch this decision"): an entry only when the decision's
answer would change, linking to it before and after."""

import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from catalogue import history
from catalogue.models import CatalogueRevision, TraitValue
from catalogue.scoring.engine import trait_weights
from catalogue.scoring.matrix import current_matrix
from compare.decide import watch
from compare.decide.explain import explain
from compare.decide.feeds import NEW_OUTCOMES_PER_REQUEST, canonical_decision, decision_entries
from compare.decide.state import Decision
from compare.decide.watch import Outcome, differences, matrix_at
from tests.catalogue.test_feeds import assert_valid_atom, parse

pytestmark = pytest.mark.django_db

DECISION = "scenario=chat-service"
FEED = f"/decide/feed/?{DECISION}"


def ranking(client, query=DECISION):
    return json.loads(client.get(f"/decide.json?{query}").content)["ranking"]


def edit(framework, trait, value):
    row = TraitValue.objects.select_related("trait").get(
        framework__slug=framework, trait__slug=trait
    )
    row.set_value(value)
    if value == "limited":
        row.note = row.note or "Only behind a proxy."
    row.save()


def test_a_value_that_decides_the_decision_adds_one_entry_with_before_and_after(client):
    assert parse(client.get(FEED)).entries == []
    winner = ranking(client)[0]["slug"]
    before = CatalogueRevision.current()
    edit(winner, "websockets", "none")
    after = CatalogueRevision.current()

    feed = parse(client.get(FEED))
    assert_valid_atom(feed)
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert "WebSockets" in entry.summary
    links = {link.rel: link.href for link in entry.links}
    base = f"{settings.SITE_URL}/decide/?{DECISION}"
    assert links["alternate"] == f"{base}&rev={after}"
    assert links["related"] == f"{base}&rev={before}"
    assert f'href="{base}&amp;rev={before}"' in entry.summary
    # Both links open the decision as it was then.
    assert client.get(f"/decide/?{DECISION}&rev={before}").status_code == 200


def test_a_change_that_does_not_touch_the_decision_adds_nothing(client):
    top = {line["slug"] for line in ranking(client)[:3]}
    outsider = next(line["slug"] for line in ranking(client) if line["slug"] not in top)
    row = TraitValue.objects.get(framework__slug=outsider, trait__slug="stewardship")
    row.text_value = "Someone else entirely"
    row.save()
    row = TraitValue.objects.get(framework__slug=next(iter(top)), trait__slug="orm")
    row.note = "Reworded note, same value."
    row.save()
    assert CatalogueRevision.current() >= 3
    assert parse(client.get(FEED)).entries == []


def test_a_framework_eliminated_by_a_must_have_is_news(client):
    query = "scenario=chat-service"  # WebSockets is one of its must-haves
    canonical = client.get(f"/decide/feed/?{query}")
    path = canonical["Location"] if canonical.status_code == 301 else f"/decide/feed/?{query}"
    eliminated_before = {
        e["slug"] for e in json.loads(client.get(f"/decide.json?{query}").content)["eliminated"]
    }
    candidate = next(
        line["slug"] for line in ranking(client, query)[3:] if line["slug"] not in eliminated_before
    )
    edit(candidate, "websockets", "none")
    titles = " ".join(e.title + e.summary for e in parse(client.get(path)).entries)
    assert "is now eliminated by a must-have" in titles


def test_the_feed_url_is_canonical(client):
    response = client.get("/decide/feed/?w=team:9,performance:2&scenario=chat-service")
    assert response.status_code == 301
    assert response["Location"].startswith("/decide/feed/?scenario=chat-service&w=")
    assert client.get(response["Location"]).status_code == 200


def test_a_bad_decision_has_no_feed(client):
    response = client.get("/decide/feed/?scenario=nope")
    assert response.status_code == 400
    assert "no such scenario" in response.content.decode()


def test_a_feed_request_costs_a_cache_lookup_once_built(client):
    client.get(FEED)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(FEED)
    assert response["X-Cache"] == "hit"
    assert len(ctx.captured_queries) <= 1  # the revision number, as on /healthz


def test_a_new_revision_costs_one_new_outcome_not_the_whole_history(client):
    winner = ranking(client)[0]["slug"]
    client.get(FEED)
    edit(winner, "websockets", "none")
    computed = []
    original = watch.outcome

    def counting(*args, **kwargs):
        computed.append(args[3])
        return original(*args, **kwargs)

    watch.outcome = counting
    try:
        client.get(FEED)
    finally:
        watch.outcome = original
    assert computed == [CatalogueRevision.current()]


def test_every_decision_view_links_its_feed(client):
    page = client.get(f"/decide/?{DECISION}").content.decode()
    assert f'type="application/atom+xml" href="{FEED}"' in page
    assert f'href="{FEED}">Watch this decision' in page
    record = client.get(f"/decide.md?{DECISION}").content.decode()
    assert f"{settings.SITE_URL}{FEED}" in record
    data = json.loads(client.get(f"/decide.json?{DECISION}").content)
    assert data["watch"] == f"{settings.SITE_URL}{FEED}"


def _outcome(**kwargs):
    base = {
        "revision": 1,
        "top": ("a", "b", "c"),
        "eliminated": (),
        "tipping": (),
        "deciding": {("a", "orm"): "Built-in"},
        "advisories": {"a": 0.0, "b": 0.0, "c": 0.0},
        "names": {"a": "A", "b": "B", "c": "C", "d": "D", "orm": "ORM", "performance": "Perf"},
    }
    return Outcome(**{**base, **kwargs})


def test_differences_name_each_kind_of_change():
    before = _outcome()
    assert differences(before, _outcome(revision=2)) == []
    assert differences(before, _outcome(top=("b", "a", "c"))) == [
        "The top three changed order: B, A, C (was A, B, C)."
    ]
    assert differences(before, _outcome(top=("a", "b", "d"))) == [
        "The top three are now A, B, D (were A, B, C)."
    ]
    assert differences(before, _outcome(eliminated=("d",))) == [
        "D is now eliminated by a must-have."
    ]
    assert differences(_outcome(eliminated=("d",)), before) == [
        "D is back: it now meets every must-have."
    ]
    assert differences(before, _outcome(tipping=(("performance", 3, "below", "b"),))) == [
        "New tipping point: B would come first if the weight of Perf drops to 3."
    ]
    assert differences(before, _outcome(deciding={("a", "orm"): "None"})) == [
        "A deciding value changed: A · ORM: Built-in → None."
    ]
    assert differences(before, _outcome(advisories={"a": 1.0, "b": 0.0, "c": 0.0})) == [
        "New security advisory for A: 1 known (was 0)."
    ]


def test_canonical_decision_is_the_decisions_own_query():
    assert Decision(scenario="x").query == "scenario=x"


def test_the_matrix_at_a_revision_is_the_catalogue_as_it_was_then():
    from catalogue import history
    from catalogue.scoring.matrix import current_matrix, load_matrix
    from compare.decide.watch import matrix_at

    first = CatalogueRevision.current()
    edit("flask", "orm", "built-in")
    edit("django", "websockets", None)
    middle = CatalogueRevision.current()
    edit("flask", "orm", "none")
    TraitValue.objects.get(framework__slug="bottle", trait__slug="orm").delete()
    now = CatalogueRevision.current()
    for revision in (first, middle, now):
        at = history.revision_time(revision)
        assert matrix_at(at, current_matrix(now)).values == load_matrix(at=at).values


def test_a_decision_watched_for_the_first_time_checks_its_history_over_several_requests(client):
    """No request computes more than a few outcomes: the newest revisions are checked
    first, the feed says the rest is being checked and is neither kept nor given a
    validator; later requests continue, and the finished feed has every entry the
    whole window has."""
    winner = ranking(client)[0]["slug"]
    runner = ranking(client)[1]["slug"]
    for n in range(4):
        edit(winner, "websockets", "none" if n % 2 == 0 else "built-in")
    edit(runner, "websockets", "none")
    for _ in range(3):
        edit("bottle", "stewardship", f"Somebody {_}")
    revisions = CatalogueRevision.current()
    assert revisions - 1 > NEW_OUTCOMES_PER_REQUEST * 2

    computed = []
    original = watch.outcome

    def counting(*args, **kwargs):
        computed.append(args[3])
        return original(*args, **kwargs)

    watch.outcome = counting
    try:
        first = client.get(FEED)
        assert first.status_code == 200
        assert first["X-Cache"] == "partial"
        assert first["Cache-Control"] == "no-cache" and "ETag" not in first
        assert "older ones are being checked" in first.content.decode()
        assert_valid_atom(parse(first))  # a feed reader reads it like any other
        assert len(computed) == NEW_OUTCOMES_PER_REQUEST
        # The newest revisions first.
        assert computed == list(range(revisions, revisions - NEW_OUTCOMES_PER_REQUEST, -1))
        pages = [first]
        while pages[-1]["X-Cache"] == "partial":
            before = len(computed)
            pages.append(client.get(FEED))
            assert len(computed) - before <= NEW_OUTCOMES_PER_REQUEST
            assert len(pages) < 20
    finally:
        watch.outcome = original
    finished = parse(pages[-1])
    assert pages[-1]["X-Cache"] == "miss" and "ETag" in pages[-1]
    assert "being checked" not in pages[-1].content.decode()
    assert client.get(FEED)["X-Cache"] == "hit"
    # The same entries as the whole window checked in one go.
    decision, _, names = canonical_decision(QueryDict(DECISION), revisions)
    cache.clear()
    whole, complete = decision_entries(decision, names, revisions, budget=10**6)
    assert complete
    assert [e.link for e in finished.entries] == [
        f"{settings.SITE_URL}/decide/?{DECISION}&rev={entry.after}" for entry in whole
    ]
    assert len(finished.entries) >= 5  # the winner's four edits and the runner-up's


def _outcome_from_the_explanation(matrix, decision, names, revision):
    """An outcome as it was computed before the feed skipped the explanation's
    sampling and sentences: from `explain` itself."""
    x = explain(matrix, decision, names)
    top = tuple(line.slug for line in x.lines[: watch.TOP] if line.score is not None)
    weighted = [t for t, w in trait_weights(matrix, decision.weights).items() if w > 0]
    deciding_traits = sorted(set(weighted) | set(decision.must))
    deciding = {
        (fw, t): watch._display(matrix, t, matrix.value(fw, t))
        for fw in [line.slug for line in x.lines[: watch.KEPT]]
        for t in deciding_traits
        if t in matrix.trait_by_slug
    }
    deciding.update(
        {
            (e.framework.slug, t.slug): watch._display(
                matrix, t.slug, matrix.value(e.framework.slug, t.slug)
            )
            for e in x.eliminated
            for t in e.failed
        }
    )
    tipping = tuple(
        sorted((p.criterion, p.threshold, p.direction, p.challenger) for p in x.tipping)
    )
    return top, tuple(e.framework.slug for e in x.eliminated), tipping, deciding


@pytest.mark.parametrize(
    "query",
    [
        "",
        "scenario=chat-service",
        "w=scope:2,team:9,performance:7,maintenance:1",
        "w=scope:0,team:0,performance:0,maintenance:0,orm:8,websockets:3",
        "must=orm,websockets&w=team:8",
        "know=django&w=scope:7",
        "only=django,flask,fastapi,litestar&w=performance:9",
    ],
)
def test_an_outcome_is_what_the_explanation_says(client, query):
    edit("flask", "orm", "built-in")
    middle = CatalogueRevision.current()
    edit("django", "websockets", "none")
    now = CatalogueRevision.current()
    decision, problems, names = canonical_decision(QueryDict(query), now)
    assert decision is not None, problems
    for revision in (middle, now):
        matrix = matrix_at(history.revision_time(revision), current_matrix(now))
        fast = watch.outcome(matrix, decision, names, revision)
        assert (fast.top, fast.eliminated, fast.tipping, dict(fast.deciding)) == (
            _outcome_from_the_explanation(matrix, decision, names, revision)
        ), query
