import json
import random

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from catalogue import history
from catalogue.models import CatalogueRevision, Framework, Scenario, Trait, TraitValue
from catalogue.scoring.engine import criterion_scores
from catalogue.scoring.matrix import current_matrix, forget_current, load_matrix
from compare.decide.explain import explain, podium
from compare.decide.scenarios import top_three
from compare.decide.state import Catalogue, parse
from compare.decide.views import criterion_names, relations
from tests.factories import make_many_frameworks

pytestmark = pytest.mark.django_db


def test_equal_weights_rank_every_framework(client):
    response = client.get("/decide/")
    assert response.status_code == 200
    x = response.context["x"]
    # Every framework is ranked, a toolkit folded into its host's entry (a stack).
    folded = sum(len(line.folded) for line in x.lines)
    assert folded == Framework.objects.published().filter(builds_on__isnull=False).count()
    assert len(x.lines) + folded == Framework.objects.published().count() >= 30
    assert x.decision.weights == {"scope": 5, "team": 5, "performance": 5, "maintenance": 5}
    content = response.content.decode()
    assert 'type="range"' in content and "Evidence 100%" in content
    assert "of nearby weightings" in content


def test_a_scenario_starts_from_its_weights_and_must_haves(client):
    scenario = Scenario.objects.get(slug="chat-service")
    response = client.get("/decide/", {"scenario": "chat-service"})
    x = response.context["x"]
    for weight in scenario.weights.all():
        assert x.decision.weights[weight.criterion_slug] == weight.weight
    assert x.decision.must == sorted(t.slug for t in scenario.must_haves.all())
    eliminated = {e.framework.slug: [t.slug for t in e.failed] for e in x.eliminated}
    assert "flask" in eliminated and "websockets" in eliminated["flask"]
    # Third-party and limited support are not absence: the words say which it is.
    assert (
        ">Flask</a>: Async views only in a limited form; WebSockets only through a "
        "third-party package" in response.content.decode()
    )


def test_w_overrides_must_and_only_narrow(client):
    response = client.get(
        "/decide/",
        {"w": "performance:10,team:0,websockets:7", "must": "asgi", "only": "fastapi,django,flask"},
        follow=True,  # to the canonical form
    )
    x = response.context["x"]
    assert x.decision.weights["performance"] == 10 and x.decision.weights["team"] == 0
    assert x.decision.weights["websockets"] == 7
    assert {line.slug for line in x.lines} <= {"fastapi", "django"}
    assert "flask" in {e.framework.slug for e in x.eliminated}


def test_the_ranking_explains_itself(client):
    response = client.get("/decide/", {"scenario": "realtime-analytics-dashboard"})
    content = response.content.decode()
    x = response.context["x"]
    winner = x.lines[0]
    assert winner.segments
    assert sum(s.points for s in winner.segments) == pytest.approx(winner.score)
    # "Strongest" names a criterion only when it alone is the best.
    scores = criterion_scores(load_matrix(), x.criteria, [winner.slug])[winner.slug]
    if winner.strongest:
        best = scores[winner.strongest.slug]
        assert all(v < best - 1e-9 for c, v in scores.items() if c != winner.strongest.slug)
    else:
        assert sum(1 for v in scores.values() if v >= max(scores.values()) - 1e-9) > 1
    assert '<svg class="bar"' in content
    for sentence in x.sentences:
        assert escape(sentence) in content
    assert x.sentences
    assert x.robustness.startswith(f"{winner.name} is first in")
    assert escape(x.robustness) in content


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"scenario": "space-station"}, "scenario=“space-station”"),
        ({"w": "scope:11"}, "w=“scope:11”"),
        ({"w": "scope"}, "w=“scope”"),
        ({"w": "scope:-1"}, "w=“scope:-1”"),
        ({"w": "speed:5"}, "w=“speed:5”"),
        ({"w": "routing:5"}, "w=“routing:5”"),  # a text trait is not scored
        ({"must": "routing"}, "must=“routing”"),
        ({"must": "orm,teleport"}, "must=“teleport”"),
        ({"only": "django,nope"}, "only=“nope”"),
    ],
)
def test_bad_input_is_a_400_naming_the_bad_part(client, params, bad):
    response = client.get("/decide/", params)
    assert response.status_code == 400
    assert bad in response.content.decode()


def test_the_plain_form_redirects_to_the_compact_permalink(client):
    response = client.get(
        "/decide/",
        {
            "scenario": "chat-service",
            "w_scope": "2",
            "w_team": "5",
            "w_performance": "10",
            "w_maintenance": "4",
            "must": ["websockets", "async-views"],
        },
    )
    assert response.status_code == 302
    target = response["Location"]
    assert target.startswith("/decide/?scenario=chat-service")
    follow = client.get(target)
    assert follow.context["x"].decision.weights["scope"] == 2


def test_htmx_gets_the_ranking_fragment_and_the_permalink_is_pushed(client):
    response = client.get(
        "/decide/",
        {"w_scope": "9", "w_team": "5", "w_performance": "5", "w_maintenance": "5"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="ranking"')
    assert response["HX-Push-Url"] == "/decide/?w=scope:9"
    assert "HX-Request" in response["Vary"]


def test_the_permalink_round_trips(client):
    url = "/decide/?scenario=chat-service&w=scope:2,websockets:0&must=asgi&only=django,fastapi"
    first = client.get(url, follow=True).context["x"].decision
    cache.clear()  # render again rather than serve the cached page
    again = client.get(f"/decide/?{first.query}").context["x"].decision
    assert again == first
    assert again.query == first.query


def test_parse_and_query_are_inverse_on_plain_data():
    catalogue = Catalogue(
        axes=["a", "b"],
        traits={"t", "u"},
        must_traits={"t"},
        frameworks={"x", "y"},
        scenarios={"s": ({"a": 7, "b": 1, "t": 4}, ["t"])},
    )
    from django.http import QueryDict

    for query in ["", "w=a:3", "scenario=s", "scenario=s&w=a:2,t:0&must=-t", "only=x"]:
        decision, problems = parse(QueryDict(query), catalogue)
        assert not problems
        assert decision.query == query


def test_the_same_url_always_gives_the_same_result(client):
    """Rendered twice, not once and then read from the cache: the second request
    starts from an empty cache and a fresh scoring matrix, as another worker would."""
    url = "/decide.json?scenario=high-throughput-json-api"
    first = client.get(url)
    cache.clear()
    forget_current()
    second = client.get(url)
    assert first["X-Cache"] == second["X-Cache"] == "miss"
    assert first.content == second.content


def test_the_adr_is_markdown_with_every_section(client):
    response = client.get("/decide.md", {"scenario": "cms-with-editors"})
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    for heading in [
        "# ADR:",
        "## Context",
        "## Options considered",
        "## Criteria and weights",
        "## Must-haves",
        "## Decision",
        "## Consequences and sensitivity",
        "## Sources of the deciding values",
    ]:
        assert heading in text
    assert "catalogue revision" in text
    assert "<http://127.0.0.1:8000/decide/?scenario=cms-with-editors>" in text
    data = json.loads(client.get("/decide.json", {"scenario": "cms-with-editors"}).content)
    winner = data["ranking"][0]["name"]
    assert f"{winner} ranks first" in text


def test_the_json_export_matches_the_page(client):
    page = client.get("/decide/", {"scenario": "iot-rest-api"}).context["x"]
    data = json.loads(client.get("/decide.json", {"scenario": "iot-rest-api"}).content)
    assert [r["slug"] for r in data["ranking"]] == [line.slug for line in page.lines]
    assert data["ranking"][0]["score"] == round(page.lines[0].score, 4)
    assert [m["slug"] for m in data["must_haves"]] == page.decision.must
    assert data["permalink"] == "http://127.0.0.1:8000/decide/?scenario=iot-rest-api"


def test_the_json_names_everything_by_slug_with_names_beside(client):
    data = json.loads(client.get("/decide.json", {"scenario": "chat-service"}).content)
    for entry in data["ranking"]:
        assert entry["slug"] and entry["name"]
        low, high = entry["score_range"]
        assert low - 1e-4 <= entry["score"] <= high + 1e-4
        for key in ("strongest", "weakest"):
            assert entry[key] is None or set(entry[key]) == {"slug", "name"}
    assert sum(entry["wins_share"] for entry in data["ranking"]) == pytest.approx(1.0)
    for entry in data["eliminated"]:
        assert entry["slug"] and entry["name"]
        assert all(set(t) == {"slug", "name"} for t in entry["failed"])
    for group in data["ties"]:
        assert all(set(n) == {"slug", "name"} for n in group)
    for entry in data["dominated"]:
        assert entry["slug"] and set(entry["by"]) == {"slug", "name"}
    for point in data["tipping_points"]:
        assert {"criterion", "current", "threshold", "challenger"} <= set(point)
        assert isinstance(point["threshold"], int)


def test_a_scenario_weight_can_be_overridden_in_the_link(client):
    base = json.loads(client.get("/decide.json", {"scenario": "chat-service"}).content)
    changed = json.loads(
        client.get("/decide.json", {"scenario": "chat-service", "w": "team:9"}).content
    )
    assert changed["weights"]["team"] == 9
    for criterion, weight in base["weights"].items():
        if criterion != "team":
            assert changed["weights"][criterion] == weight
    assert changed["must_haves"] == base["must_haves"]


def test_exports_reject_bad_input_too(client):
    assert client.get("/decide.md", {"w": "x:1"}).status_code == 400
    assert client.get("/decide.json", {"only": "nope"}).status_code == 400


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/decide/", params).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_frameworks(client):
    params = {"scenario": "chat-service"}
    small = _queries(client, params)
    make_many_frameworks(100)
    assert _queries(client, params) == small


def test_scenario_pages_link_to_the_matrix(client):
    content = client.get("/scenarios/chat-service/").content.decode()
    assert 'href="/decide/?scenario=chat-service"' in content


def test_the_answer_comes_first_with_the_top_three_scores_robustness_and_why(client):
    response = client.get("/decide/")
    content = response.content.decode()
    x = response.context["x"]
    answer = content.index('<section id="answer"')
    # Before the controls and the ranking, so a phone shows it on the first screen.
    # The ranking right after the answer (a phone reads them first); the form after.
    assert answer < content.index('<section id="ranking"') < content.index('<form id="decide-form"')
    card = content[answer : content.index("</section>", answer)]
    for line in x.lines[:3]:
        assert f">{line.name}</a>" in card and f"<strong>{line.score * 100:.1f}</strong>" in card
        assert f"first in {round(line.wins_share * 100)}% of nearby weightings" in card
    assert escape(x.robustness) in card
    assert escape(x.sentences[0]) in card
    assert x.lines[3].name + "</a>" not in card


def test_the_bars_use_the_okabe_ito_classes_with_points_on_the_segments(client):
    response = client.get("/decide/", {"scenario": "chat-service"})
    content = response.content.decode()
    x = response.context["x"]
    winner = x.lines[0]
    # Colours come from classes the stylesheet maps to the Okabe–Ito set (and a dark
    # value), never from fill attributes in the page.
    ranking = content[content.index('<section id="ranking"') :]
    assert "fill=" not in ranking
    assert set(x.colours.values()) <= {f"seg-{i}" for i in range(8)}
    assert len(set(x.colours.values())) == len(x.colours)
    for segment in winner.segments:
        rect = f'<rect class="seg {segment.colour}" x="{segment.x}" width="{segment.width}"'
        assert rect in content
        if segment.labelled:
            label = f'x="{segment.middle}" y="15.5" text-anchor="middle" aria-hidden="true">'
            assert f"{label}{segment.shown}</text>" in content
    # The printed segments add up to the printed score.
    assert sum(round(float(s.shown) * 10) for s in winner.segments) == round(winner.score * 1000)
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    for hue in ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442"):
        assert hue in css


def test_the_legend_comes_before_the_ranking_and_names_each_weight(client):
    content = client.get("/decide/").content.decode()
    legend = content.index('<ul class="legend seg-legend"')
    assert legend < content.index('<li class="rank-row">')
    assert 'Performance &amp; scalability <span class="muted">(5)</span>' in content


def test_ties_are_grouped_and_called_ties(client):
    response = client.get("/decide/")
    x = response.context["x"]
    groups = [g for g in x.groups if len(g) > 1]
    assert groups, "the curated catalogue has ties at equal weights"
    for group in groups:
        assert len({line.rank for line in group}) == 1 and all(line.tied for line in group)
    assert sum(len(g) for g in x.groups) == min(len(x.lines), 25)
    content = response.content.decode()
    assert content.count('<li class="tie-group">') == len(groups)
    assert f"{len(groups[0])} frameworks share place {groups[0][0].rank}" in content


def test_start_options_are_chips_and_the_current_one_is_marked(client):
    content = client.get("/decide/", {"scenario": "chat-service"}).content.decode()
    assert '<nav class="chips" aria-label="Start from a scenario">' in content
    assert '<a class="chip" href="/decide/?scenario=chat-service" aria-current="true">' in content
    assert '<a class="chip" href="/decide/">Equal weights</a>' in content


def test_htmx_brings_the_answer_out_of_band_and_the_full_page_has_it_once(client):
    response = client.get("/decide/", {"w": "performance:9"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    answer = '<section id="answer" class="answer card" aria-labelledby="answer-title"'
    assert f'{answer} data-hx-swap-oob="true">' in content
    page = client.get("/decide/", {"w": "performance:9"}).content.decode()
    assert page.count('id="answer"') == 1 and "data-hx-swap-oob" not in page


def test_a_renamed_trait_shows_in_the_form_on_the_next_page(client):
    assert "Object-relational mapper, renamed" not in client.get("/decide/").content.decode()
    trait = Trait.objects.get(slug="orm")
    trait.name = "Object-relational mapper, renamed"
    trait.save()
    page = client.get("/decide/").content.decode()
    assert 'for="must-orm">Object-relational mapper, renamed</label>' in page


def test_a_decision_image_shows_the_pages_first_three_with_their_scores(client):
    """The image ranks without the explanation's sampling: the same names, scores
    and order as the page, for weightings, must-haves, shortlists, team knowledge
    and scenarios."""
    rng = random.Random(6)
    axes = ["scope", "team", "performance", "maintenance"]
    queries = ["", "scenario=chat-service", "know=django", "must=orm&only=django,flask,fastapi"]
    for _ in range(12):
        weights = ",".join(f"{a}:{rng.randrange(11)}" for a in axes)
        queries.append(f"w={weights},orm:{rng.randrange(11)}")
    queries.append("w=scope:0,team:0,performance:0,maintenance:0,websockets:7&know=flask")
    revision = CatalogueRevision.current()
    matrix = current_matrix(revision)
    for query in queries:
        response = client.get(f"/decide/?{query}", follow=True)
        assert response.status_code == 200, query
        x = response.context["x"]
        assert podium(matrix, x.decision, relations(revision)) == top_three(x), query


def test_a_pinned_decision_ranks_the_values_of_then(client):
    """A decision pinned to a revision is ranked on the catalogue as that revision
    had it: the same ranking as one read whole from the history."""
    query = "w=scope:2,team:8&must=orm"
    winner = json.loads(client.get(f"/decide.json?{query}").content)["ranking"][0]["slug"]
    pinned = CatalogueRevision.current()
    row = TraitValue.objects.select_related("trait").get(framework__slug=winner, trait__slug="orm")
    row.set_value("none")
    row.save()
    assert CatalogueRevision.current() > pinned
    then = json.loads(client.get(f"/decide.json?{query}&rev={pinned}").content)
    now = json.loads(client.get(f"/decide.json?{query}").content)
    assert then["ranking"][0]["slug"] == winner != now["ranking"][0]["slug"]
    decision = client.get(f"/decide/?{query}&rev={pinned}").context["x"].decision
    whole = load_matrix(at=history.revision_time(pinned))
    expected = explain(whole, decision, criterion_names(whole))
    assert [r["slug"] for r in then["ranking"]] == [line.slug for line in expected.lines]
    assert [r["score"] for r in then["ranking"]] == [
        round(line.score, 4) if line.score is not None else None for line in expected.lines
    ]
