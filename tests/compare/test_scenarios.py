"""The public scenario page."""

import re

import pytest

from catalogue.models import Framework

pytestmark = pytest.mark.django_db


def test_the_scenario_page_names_eliminated_frameworks_by_name(client):
    content = client.get("/scenarios/cms-with-editors/").content.decode()
    section = content.split("Eliminated by must-haves", 1)[1]
    links = re.findall(r'<a href="/frameworks/([a-z0-9-]+)/">([^<]+)</a>', section)
    assert links
    names = dict(Framework.objects.values_list("slug", "name"))
    assert all(text == names[slug] for slug, text in links), links


def test_the_scenario_page_does_not_show_internal_editorial_notes(client):
    content = client.get("/scenarios/cms-with-editors/").content.decode()
    assert "Seed 002" not in content


def test_the_scenario_page_shows_the_ranking_before_why_these_weights(client):
    response = client.get("/scenarios/chat-service/")
    content = response.content.decode()
    x = response.context["x"]
    answer = content.index('<section id="answer"')
    ranking = content.index('<ol class="decide-ranking">')
    why = content.index('<h2 id="why">Why these weights</h2>')
    assert answer < ranking < why
    assert f"{x.winner.name} comes first" in content
    # The weights as bars in the ranking's colours, each with its number.
    assert content.count('<svg class="weight-bar"') == len(response.context["weights"])
    assert "<strong>8</strong> / 10" in content
