"""Cost before work: what an anonymous visitor can ask for is bounded before any
query, and a miss costs a fixed, small number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_framework

pytestmark = pytest.mark.django_db

SEVEN = "bottle-vs-dash-vs-django-vs-fastapi-vs-flask-vs-pyramid-vs-tornado"


@pytest.mark.parametrize(
    "path",
    [
        f"/compare/{SEVEN}/",
        f"/compare/{SEVEN}.csv",
        f"/compare/{SEVEN}.png",
        "/compare/" + "-vs-".join(f"nope{i}" for i in range(630)) + "/",
    ],
)
def test_a_comparison_naming_more_than_six_frameworks_is_a_400_that_costs_no_query(
    client, path, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 400
    assert "at most 6 frameworks" in response.content.decode()


def test_repeating_one_name_many_times_is_not_too_many(client):
    response = client.get("/compare/" + "-vs-".join(["django", "Django", "flask"] * 50) + "/")
    assert response.status_code == 301
    assert response["Location"] == "/compare/django-vs-flask/"


def test_an_unknown_comparison_looks_up_all_its_names_and_suggestions_in_one_query(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/compare/djangoo-vs-flaks-vs-nope1-vs-nope2-vs-nope3-vs-nope4/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'href="/frameworks/django/"' in page and 'href="/frameworks/flask/"' in page
    # 1. the catalogue revision (cache key); 2. published slugs, names and aliases.
    assert len(ctx.captured_queries) == 2, [q["sql"] for q in ctx.captured_queries]


def test_a_not_found_page_is_kept_briefly_under_the_revision(client):
    path = "/compare/django-vs-newcomer/"
    assert client.get(path).status_code == 404
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(path)
    assert again.status_code == 404
    assert again["X-Cache"] == "hit"
    assert len(ctx.captured_queries) == 1  # the revision only
    # Publishing the missing framework is a new revision: the next request sees it.
    make_framework(slug="newcomer", name="Newcomer")
    assert client.get(path).status_code == 200


def test_a_missing_framework_page_is_kept_briefly_too(client):
    assert client.get("/frameworks/nosuch/").status_code == 404
    assert client.get("/frameworks/nosuch/")["X-Cache"] == "hit"
