"""A newcomer's first steps (issue 28): search that answers, picking that cannot
fail, a comparison that reads at a glance."""

import re

import pytest

from tests.factories import make_framework

pytestmark = pytest.mark.django_db

CATALOGUE = "/frameworks/"


def listed(response):
    return [fw.slug for fw in response.context["page"].object_list]


# --- Search -----------------------------------------------------------------------


def test_a_search_for_a_name_lists_that_framework_first(client):
    response = client.get(CATALOGUE, {"q": "Flask"})
    assert listed(response)[0] == "flask"


def test_a_search_ranks_name_then_summary_then_notes(client):
    make_framework(slug="aaa-notes", name="Aaa", summary="Nothing to see.")
    make_framework(slug="zz-teapot", name="Zz Teapot", summary="Plain.")
    make_framework(slug="bb", name="Bb", summary="A teapot server.")
    response = client.get(CATALOGUE, {"q": "teapot"})
    assert listed(response)[:2] == ["zz-teapot", "bb"]


def test_an_alias_counts_as_a_name(client):
    response = client.get(CATALOGUE, {"q": "plotly-dash", "search": "text"})
    assert listed(response)[0] == "dash"


def test_the_plain_form_sorted_by_name_keeps_alphabetical_order(client):
    response = client.get(CATALOGUE, {"q": "Flask", "sort": "name"})
    names = [fw.name.lower() for fw in response.context["page"].object_list]
    assert names == sorted(names)


def test_a_search_naming_a_use_case_offers_its_scenario_and_decision_first(client):
    response = client.get(CATALOGUE, {"q": "real-time dashboard"})
    content = response.content.decode()
    offers = content.index('class="scenario-offers"')
    assert '<a href="/scenarios/realtime-analytics-dashboard/">' in content[offers:]
    assert 'href="/decide/?scenario=realtime-analytics-dashboard"' in content[offers:]
    assert offers < content.index('class="result-list"')


def test_a_framework_name_is_not_read_as_a_use_case(client):
    response = client.get(CATALOGUE, {"q": "flask"})
    assert 'class="scenario-offers"' not in response.content.decode()


def test_a_search_read_as_filters_ticks_them_in_the_form(client):
    response = client.get(CATALOGUE, {"q": "native websockets and an orm"})
    content = response.content.decode()
    assert 'id="has-websockets" checked' in content
    assert 'id="has-orm" checked' in content
    websockets = re.search(r'<select name="level_websockets".*?</select>', content, re.S)
    assert '<option value="built-in" selected>' in websockets.group(0)


def test_the_same_question_gives_the_same_answer_by_search_and_by_link(client):
    by_search = client.get(CATALOGUE, {"q": "native websockets and an orm"})
    # The README's link for "native WebSockets and an ORM".
    by_link = client.get(CATALOGUE + "?has=websockets:built-in&has=orm")
    assert listed(by_search) == listed(by_link)
    assert len(listed(by_link)) > 1


def test_a_search_read_as_filters_states_its_levels_and_offers_to_widen(client):
    response = client.get(CATALOGUE, {"q": "native websockets and an orm"})
    content = response.content.decode()
    assert "WebSockets built in; ORM built in or first-party" in content
    widen = re.search(r'<a href="([^"]+)">Widen to ', content).group(1).replace("&amp;", "&")
    wider = client.get(widen)
    assert wider.status_code == 200
    assert len(listed(wider)) > len(listed(response))
    assert 'id="has-orm" checked' in wider.content.decode()


def test_an_htmx_search_brings_the_ticked_boxes_with_it(client):
    response = client.get(CATALOGUE, {"q": "websockets orm"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert 'id="has-orm" checked data-hx-swap-oob="true"' in content


def test_a_page_past_the_end_redirects_to_the_last_page(client):
    response = client.get(CATALOGUE, {"page": "99", "kind": "micro"})
    assert response.status_code == 302
    last = client.get(response["Location"])
    assert last.status_code == 200
    page = last.context["page"]
    assert page.number == page.paginator.num_pages


def test_a_page_past_the_end_of_one_page_redirects_to_the_list(client):
    response = client.get(CATALOGUE, {"page": "9", "q": "flask", "search": "text", "kind": "micro"})
    assert response.status_code == 302
    assert "page=" not in response["Location"]


def test_a_page_that_is_not_a_number_is_still_a_400(client):
    assert client.get(CATALOGUE, {"page": "x"}).status_code == 400


# --- Words ------------------------------------------------------------------------


def test_numbers_read_as_words_one_way_everywhere():
    from catalogue.wording import plural, quantity

    assert quantity(1, "releases") == "1 release"
    assert quantity(2, "releases") == "2 releases"
    assert quantity(1, "advisories") == "1 advisory"
    assert quantity(2005, "year") == "2005"
    assert quantity(528, "rank") == "#528"
    assert quantity(101, "kB") == "101 kB"
    assert quantity(1536, "kB") == "1.5 MiB"
    assert quantity(2.5, "ms") == "2.5 ms"
    assert plural(1, "frameworks") == "1 framework"


def test_a_comparison_and_a_framework_page_say_a_year_and_a_rank_as_such(client):
    content = client.get("/compare/django-vs-flask/", {"all": "1"}).content.decode()
    first = re.search(r'<tr id="trait-first-release">.*?</tr>', content).group(0)
    assert " year<" not in first and re.search(r">(19|20)\d\d<", first)
    rank = re.search(r'<tr id="trait-popularity-rank">.*?</tr>', content).group(0)
    assert re.search(r">#\d+<", rank) and not re.search(r"\d rank<", rank)
    page = client.get("/frameworks/flask/").content.decode()
    assert " year<" not in page and "1 releases" not in page


# --- Consistency ------------------------------------------------------------------


def test_a_criterion_has_one_colour_whatever_the_order_of_the_weights():
    from catalogue.scoring.colours import criterion_colours
    from catalogue.scoring.engine import AxisInfo, Matrix, TraitInfo

    matrix = Matrix(
        frameworks={"a": "A"},
        axes=[AxisInfo("scope", "Scope"), AxisInfo("team", "Team")],
        traits=[TraitInfo("orm", "ORM", "scope", "support"), TraitInfo("ws", "WS", "team", "yes")],
        values={},
    )
    one = criterion_colours(matrix, ["ws", "team", "orm", "scope"])
    two = criterion_colours(matrix, ["scope", "orm", "team", "ws"])
    assert one == two
    assert one["scope"] == "seg-0" and one["team"] == "seg-1"
    assert criterion_colours(matrix, ["team"])["team"] == "seg-1"  # an axis keeps its colour
    assert len(set(one.values())) == 4


def _colours(content):
    legend = content[content.index('class="legend seg-legend"') :]
    legend = legend[: legend.index("</ul>")]
    return re.findall(r'<rect class="seg (seg-\d)"[^>]*></rect></svg> ([^<]+?) <span', legend)


def test_a_scenario_page_and_its_decision_colour_each_criterion_alike(client):
    scenario = client.get("/scenarios/chat-service/").content.decode()
    decision = client.get("/decide/", {"scenario": "chat-service"}).content.decode()
    assert _colours(scenario)
    assert sorted(_colours(scenario)) == sorted(_colours(decision))


def test_the_navigation_names_compare_and_changes(client):
    content = client.get("/compare/django-vs-flask/").content.decode()
    nav = content[content.index('aria-label="Main"') : content.index("</nav>")]
    assert '<a href="/compare/" aria-current="page">Compare</a>' in nav
    assert '<a href="/changes/">Changes</a>' in nav


def test_the_code_comes_first_when_a_task_is_asked_for(client):
    content = client.get("/compare/django-vs-flask/", {"task": "hello-json"}).content.decode()
    assert content.index('id="code-side-by-side"') < content.index('class="summary')
    plain = client.get("/compare/django-vs-flask/").content.decode()
    assert plain.index('id="code-side-by-side"') > plain.index('class="summary')


def test_the_decision_shows_the_ranking_before_the_form_with_must_haves_collapsed(client):
    content = client.get("/decide/", {"scenario": "chat-service"}).content.decode()
    assert content.index('<section id="ranking"') < content.index('<form id="decide-form"')
    musts = re.search(r'<details class="musts"[^>]*>\s*<summary>[^\n]*', content).group(0)
    assert " open" not in musts.split(">")[0]
    assert re.search(r"\(\d+ selected\)", musts)


def test_an_add_that_matches_nothing_keeps_the_comparison_and_its_permalink(client):
    response = client.get("/compare/django-vs-flask/", {"add": "fastapy", "all": "1"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "No framework in the catalogue is called “fastapy”" in content
    assert '<a href="/compare/django-vs-fastapi-vs-flask/?all=1">FastAPI</a>' in content
    assert 'id="permalink" type="text" readonly value="http' in content
    assert "add=fastapy" not in content.split('id="permalink"')[1].split(">")[0]
    assert response.context["comparison"].frameworks == {"django": "Django", "flask": "Flask"}


def test_add_takes_a_name_with_a_space_an_alias_or_a_slug(client):
    for text, added in [
        ("Django Ninja", "django-ninja"),
        ("plotly-dash", "dash"),
        ("Sanic", "sanic"),
    ]:
        response = client.get("/compare/django-vs-flask/", {"add": text})
        assert response.status_code == 302, text
        assert added in response["Location"]
