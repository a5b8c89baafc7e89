"""Random input to every public URL pattern and parameter: never a 5xx, and every
4xx page says what was wrong."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

SLUGS = [
    "django",
    "flask",
    "fastapi",
    "Flask",
    "plotly-dash",
    "tg2",
    "nope",
    "",
    "a" * 300,
    "nul\x00byte",
    "tab\there",
    "ünïcödé",
    "🦄",
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
WORDS = st.one_of(st.sampled_from(SLUGS), TEXT)
NUMBERS = st.one_of(
    st.integers(-10, 100).map(str), st.sampled_from(["1e9", "99999999999999999999", "-0", "x"])
)

PARAMS = {
    "/frameworks/": ["q", "kind", "interface", "has", "sort", "page"],
    "/decide/": ["scenario", "w", "must", "only", "rev"],
    "/decide.md": ["scenario", "w", "must", "only", "rev"],
    "/decide.json": ["scenario", "w", "must", "only", "know"],
    "/decide/feed/": ["scenario", "w", "must", "only", "rev"],
    "/changes/": ["framework", "page"],
    "/": ["q"],
}
VALUE = st.one_of(
    WORDS,
    NUMBERS,
    st.lists(st.sampled_from(["scope", "team", "orm", "websockets", "nope"]), max_size=4).map(
        lambda xs: ",".join(f"{x}:{i}" for i, x in enumerate(xs))
    ),
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _assert_sensible(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, response.content[:500]
    if 400 <= response.status_code < 500 and response.request["PATH_INFO"].endswith(".json"):
        # A JSON endpoint answers in JSON: what was wrong and what would be valid.
        assert response["Content-Type"].startswith("application/json")
        data = json.loads(response.content)
        assert data["error"] and isinstance(data["valid"], list)
    elif 400 <= response.status_code < 500:
        content = response.content.decode()
        assert 'class="error-status"' in content, content[:500]
        assert 'class="lead"' in content  # the sentence that says what was wrong


@SETTINGS
@given(
    path=st.sampled_from(list(PARAMS)),
    data=st.data(),
)
def test_query_parameters_never_cause_a_server_error(client, path, data):
    names = data.draw(st.lists(st.sampled_from(PARAMS[path]), max_size=5))
    pairs = [(name, data.draw(VALUE)) for name in names]  # repeated keys happen here
    response = client.get(f"{path}?{urlencode(pairs)}")
    _assert_sensible(response)


@SETTINGS
@given(
    parts=st.lists(WORDS, min_size=1, max_size=8),
    suffix=st.sampled_from(["/", ".csv", ".json", ".md", ".png", "/feed/"]),
    query=st.sampled_from(
        [
            "",
            "?diff=1",
            "?diff=2",
            "?diff=0",
            "?all=1",
            "?all=2",
            "?add=Django%20Ninja",
            "?base=flask",
            "?base=%00",
            "?rev=abc",
            "?add=django",
            "?add=nope",
        ]
    ),
)
def test_comparison_urls_never_cause_a_server_error(client, parts, suffix, query):
    spec = "-vs-".join(quote(part, safe="") for part in parts)
    response = client.get(f"/compare/{spec}{suffix}{query}")
    _assert_sensible(response)


@SETTINGS
@given(slug=WORDS, base=st.sampled_from(["/frameworks/", "/scenarios/", "/preview/frameworks/"]))
def test_detail_urls_never_cause_a_server_error(client, slug, base):
    response = client.get(f"{base}{quote(slug, safe='')}/")
    assert response.status_code < 500
    if response.status_code in (400, 404):
        _assert_sensible(response)


# Inputs that end up in a URL the app builds (add, the picker, removal links), with
# everything that cannot be a slug: dots, slashes (plain and encoded), overlong.
URL_INPUT = st.one_of(
    WORDS,
    st.sampled_from(
        ["a.b", "..", "%2F", "a/b", "/", ".", "x" * 60, "..%2F..", "?", "#x", "a b", "-vs-"]
    ),
    st.text(alphabet="./%?#-vsa", max_size=20),
)


def _assert_sensible_after_redirect(client, response) -> None:  # type: ignore[no-untyped-def]
    _assert_sensible(response)
    if response.status_code in (301, 302):
        _assert_sensible(client.get(response["Location"]))


@SETTINGS
@given(
    path=st.sampled_from([*PARAMS, "/compare/django-vs-flask/", "/compare/"]),
    name=st.sampled_from(
        ["has", "kind", "interface", "q", "fw", "add", "must", "only", "w", "utm_source", "x"]
    ),
    value=st.one_of(VALUE, st.text(min_size=40, max_size=400), st.just("a" * 3500)),
    repeats=st.integers(1, 600),
)
def test_repeated_and_oversized_parameters_never_cause_a_server_error(
    client, path, name, value, repeats
):
    response = client.get(f"{path}?{urlencode([(name, value)] * repeats)}")
    _assert_sensible_after_redirect(client, response)


@SETTINGS
@given(values=st.lists(URL_INPUT, min_size=1, max_size=8), htmx=st.booleans())
def test_adding_to_a_comparison_never_causes_a_server_error(client, values, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    query = urlencode([("add", v) for v in values])
    response = client.get(f"/compare/flask-vs-quart/?{query}", headers=headers)
    _assert_sensible_after_redirect(client, response)


@SETTINGS
@given(values=st.lists(URL_INPUT, max_size=8))
def test_the_picker_never_causes_a_server_error(client, values):
    response = client.get(f"/compare/?{urlencode([('fw', v) for v in values])}")
    _assert_sensible_after_redirect(client, response)


@SETTINGS
@given(
    parts=st.lists(
        st.sampled_from(["django", "flask", "fastapi", "quart", "Flask", "tg2"]),
        min_size=2,
        max_size=7,
    )
)
def test_every_removal_link_of_a_comparison_opens(client, parts):
    response = client.get(f"/compare/{'-vs-'.join(parts)}/", follow=True)
    _assert_sensible(response)
    if response.status_code == 200:
        for href in re.findall(r'class="remove" href="([^"]+)"', response.content.decode()):
            assert client.get(href, follow=True).status_code == 200, href
