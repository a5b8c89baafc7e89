"""The shape of query strings, checked before anything reaches the database:
repeats removed, counts and lengths capped with a 400 that names the parameter and
the limit, unknown parameters redirected away, and nothing that cannot be a slug
ever built into a URL."""

from __future__ import annotations

import secrets
from urllib.parse import quote

import pytest
from django.core.cache import cache

from catalogue.models import Kind
from web.query import MAX_QUERY_LENGTH

pytestmark = pytest.mark.django_db


def _problems(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error-status"' in content
    return content


def test_a_flood_of_repeats_is_a_400_before_any_query(client, django_assert_num_queries):
    query = "&".join(["has=websockets"] * 500)
    with django_assert_num_queries(0):
        response = client.get(f"/frameworks/?{query}")
    content = _problems(response)
    assert f"at most {MAX_QUERY_LENGTH:,}" in content
    assert "“has” appears 500 times" in content


def test_repeated_values_are_removed_with_a_redirect(client, django_assert_num_queries):
    query = "&".join(["has=websockets"] * 100 + ["kind=micro", "kind=micro"])
    with django_assert_num_queries(0):
        response = client.get(f"/frameworks/?{query}")
    assert response.status_code == 301
    assert response["Location"] == "/frameworks/?has=websockets&kind=micro"


@pytest.mark.parametrize(
    ("path", "param", "limit", "values"),
    [
        ("/frameworks/", "kind", len(Kind.choices), [*Kind.values, "x"]),
        ("/frameworks/", "interface", 2, ["wsgi", "asgi", "cgi"]),
        ("/frameworks/", "has", 64, [f"t{i}" for i in range(65)]),
        # A 7th tick is answered on the picker page; only absurd counts are refused here.
        ("/compare/", "fw", 64, [f"f{i}" for i in range(65)]),
        ("/compare/django-vs-flask/", "add", 6, ["a", "b", "c", "d", "e", "f", "g"]),
    ],
)
def test_too_many_values_is_a_400_naming_the_parameter_and_the_limit(
    client, django_assert_num_queries, path, param, limit, values
):
    query = "&".join(f"{param}={v}" for v in values)
    assert len(values) == limit + 1
    with django_assert_num_queries(0):
        response = client.get(f"{path}?{query}")
    content = _problems(response)
    assert f"{param}: at most {limit} values; this address gives {len(values)}." in content


@pytest.mark.parametrize(
    ("param", "limit", "count"), [("must", 64, 65), ("only", 64, 65), ("w", 128, 129)]
)
def test_decision_comma_lists_are_capped_by_their_items(client, param, limit, count):
    items = [f"x{i}:1" if param == "w" else f"x{i}" for i in range(count)]
    response = client.get(f"/decide/?{param}={','.join(items)}")
    content = _problems(response)
    assert f"{param}: at most {limit} values; this address gives {count}." in content


def test_the_plain_decision_form_may_send_a_field_per_slider(client):
    response = client.get("/decide/?w_scope=7&w_team=5&must=orm&must=websockets")
    assert response.status_code == 302  # to the compact permalink
    assert response["Location"].startswith("/decide/?w=scope:7")


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/frameworks/", "has"),
        ("/frameworks/", "q"),
        ("/changes/", "framework"),
        ("/decide/", "scenario"),
        ("/compare/django-vs-flask/", "base"),
    ],
)
def test_an_overlong_value_is_a_400_naming_the_parameter(client, path, param):
    response = client.get(f"{path}?{param}={'x' * 300}")
    content = _problems(response)
    assert f"{param}=“{'x' * 40}…”" in content
    assert "300" in content


def test_a_single_valued_parameter_given_twice_is_a_400(client):
    content = _problems(client.get("/compare/django-vs-flask/?diff=1&diff=0"))
    assert "diff: give it one value, not 2." in content


@pytest.mark.parametrize("tag", ["utm_source=newsletter", "fbclid=abc", "gclid=1", "zz=9"])
def test_unknown_parameters_are_redirected_away_keeping_the_filters(client, tag):
    response = client.get(f"/frameworks/?kind=micro&{tag}&has=websockets")
    assert response.status_code == 301
    assert response["Location"] == "/frameworks/?kind=micro&has=websockets"
    filtered = client.get(response["Location"])
    names = [fw.slug for fw in filtered.context["page"].object_list]
    assert names
    assert all(fw.kind == "micro" for fw in filtered.context["page"].object_list)


def test_a_page_without_parameters_sheds_tracking_tags(client):
    response = client.get("/frameworks/django/?utm_campaign=x&fbclid=y")
    assert response.status_code == 301
    assert response["Location"] == "/frameworks/django/"


def test_random_parameters_never_create_cache_entries(client):
    client.get("/compare/django-vs-flask/")
    stored = len(cache._cache)  # the local-memory cache of the tests
    for _ in range(20):
        response = client.get(f"/compare/django-vs-flask/?utm_source={secrets.token_hex(8)}")
        assert response.status_code == 301
        response = client.get(f"/compare/django-vs-flask/?{secrets.token_hex(4)}=1")
        assert response.status_code == 301
    assert len(cache._cache) == stored


@pytest.mark.parametrize("bad", ["a.b", "..", "%2F", "a/b", "a%2Fb", "..%2F..", "x" * 60, ".git"])
def test_a_framework_to_add_that_cannot_be_a_slug_is_a_400_that_helps(client, bad):
    response = client.get(f"/compare/flask-vs-quart/?add={bad}")
    content = _problems(response)
    assert "add=“" in content
    assert "This comparison link has a mistake" in content


@pytest.mark.parametrize("bad", ["a.b", "..", "%2F", "a/b", "x" * 60])
def test_the_picker_refuses_what_cannot_be_a_slug(client, bad):
    response = client.get(f"/compare/?fw=django&fw={bad}")
    content = _problems(response)
    assert "fw=“" in content


def test_a_name_typed_into_add_is_read_as_a_name(client):
    response = client.get("/compare/flask-vs-quart/?add=Plotly Dash")
    assert response.status_code == 302
    assert response["Location"] == "/compare/dash-vs-flask-vs-quart/"


def test_a_name_typed_into_add_that_matches_nothing_gets_suggestions(client):
    response = client.get("/compare/flask-vs-quart/?add=Plotly Dashes")
    assert response.status_code == 200
    content = response.content.decode()
    assert "No framework in the catalogue is called “Plotly Dashes”" in content
    assert '<a href="/compare/dash-vs-flask-vs-quart/">Dash</a>' in content


def test_an_htmx_add_with_a_bad_slug_gets_the_message_as_a_fragment(client):
    response = client.get(
        f"/compare/flask-vs-quart/?add={quote('a/b', safe='')}", headers={"HX-Request": "true"}
    )
    content = _problems(response)
    assert "<html" not in content
