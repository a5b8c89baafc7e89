"""Every trait's rubric is shown where values are explained: on the method page,
and in the framework page's explanation of each row."""

from __future__ import annotations

import pytest

from catalogue.models import Trait

pytestmark = pytest.mark.django_db


def test_the_method_page_shows_each_traits_rubric_with_its_borderline_cases(client):
    page = client.get("/decide/method/").content.decode()
    assert 'id="rubric-http2"' in page
    assert (
        "No server the framework documents speaks HTTP/2; clients get it only from a proxy" in page
    )
    assert "Only behind a proxy:" in page
    assert "Generic middleware versus a maintained integration" in page
    assert "A predecessor under another name" in page
    assert page.count('class="rubric"') == Trait.objects.count()


def test_the_method_page_says_why_popularity_is_not_scored(client):
    page = client.get("/decide/method/").content.decode()
    assert "Popularity is shown, not scored." in page


def test_popularity_carries_no_share_of_the_score():
    assert Trait.objects.get(slug="popularity-rank").axis_share == 0


def test_a_framework_page_explains_a_row_with_the_rubrics_test_for_its_level(client):
    page = client.get("/frameworks/tornado/").content.decode()
    row = page.split('id="trait-auth"')[1].split("</tr>")[0]
    assert "Limited: Pieces ship (a current-user hook" in row
    assert ">Limited<" in row
