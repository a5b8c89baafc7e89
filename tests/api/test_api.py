"""The read-only API: shapes, filters, pagination, errors, ETags, CORS, query
counts, and schemathesis against its OpenAPI schema."""

import itertools
import json

import pytest
import schemathesis
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from catalogue.models import Framework, TraitValue
from tests.factories import make_many_frameworks

pytestmark = pytest.mark.django_db


def get(client, path, **params):
    response = client.get(path, params)
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response, json.loads(response.content)


def test_the_index_links_every_endpoint(client):
    response, data = get(client, "/api/v1/")
    assert response.status_code == 200
    assert data["frameworks"] == f"{settings.SITE_URL}/api/v1/frameworks/"
    assert data["openapi"] == f"{settings.SITE_URL}/api/v1/openapi.json"


def test_frameworks_come_a_page_at_a_time(client):
    total = Framework.objects.published().count()
    _, first = get(client, "/api/v1/frameworks/", per_page=10)
    assert first["count"] == total
    assert len(first["results"]) == 10
    assert first["next"].endswith("/api/v1/frameworks/?per_page=10&page=2")
    assert first["previous"] is None
    _, second = get(client, "/api/v1/frameworks/", per_page=10, page=2)
    assert {f["slug"] for f in first["results"]}.isdisjoint(f["slug"] for f in second["results"])
    _, beyond = get(client, "/api/v1/frameworks/", page=999)
    assert beyond["results"] == []


@pytest.mark.parametrize("page", ["²", "٣", "0", "-1", "1.5", "9" * 30, "9" * 5000])
@pytest.mark.parametrize("path", ["/api/v1/frameworks/", "/api/v1/values/"])
def test_a_page_number_that_is_not_a_plain_whole_number_is_a_json_400(client, path, page):
    for name in ("page", "per_page"):
        response, data = get(client, path, **{name: page})
        assert response.status_code == 400
        assert data["valid"] == [name]


def test_frameworks_filter_like_the_catalogue(client):
    from django.http import QueryDict

    from catalogue.browse.filters import FrameworkFilter, filterable_traits

    query = "has=websockets&has=orm:built-in&interface=asgi"
    catalogue = FrameworkFilter(
        QueryDict(query), queryset=Framework.objects.published(), traits=list(filterable_traits())
    )
    assert catalogue.is_valid()
    expected = {f.slug for f in catalogue.qs}
    assert "django" in expected
    data = json.loads(client.get(f"/api/v1/frameworks/?{query}").content)
    assert {f["slug"] for f in data["results"]} == expected
    _, micro = get(client, "/api/v1/frameworks/", kind="micro", interface="asgi")
    assert micro["results"]
    assert all(f["kind"] == "micro" and f["interfaces"]["asgi"] for f in micro["results"])


@pytest.mark.parametrize(
    ("params", "valid_contains"),
    [
        ({"kind": "tiny"}, "micro"),
        ({"interface": "cgi"}, "wsgi"),
        ({"has": "teleportation"}, "orm:built-in"),
        ({"has": "orm:mostly"}, "orm:first-party"),
        ({"page": "0"}, "page"),
        ({"per_page": "1000"}, "per_page"),
        ({"sort": "name"}, "kind"),
    ],
)
def test_bad_parameters_are_a_json_400_listing_what_works(client, params, valid_contains):
    response, data = get(client, "/api/v1/frameworks/", **params)
    assert response.status_code == 400
    assert data["error"]
    assert valid_contains in data["valid"]


def test_a_framework_comes_with_every_value_and_its_provenance(client):
    response, data = get(client, "/api/v1/frameworks/flask/")
    assert response.status_code == 200
    assert data["name"] == "Flask"
    orm = next(v for v in data["values"] if v["trait"] == "orm")
    stored = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    assert orm["value"] == stored.support_value
    assert orm["provenance"] == {
        "origin": stored.origin,
        "source": stored.source_url,
        "version": stored.applies_to_version or None,
        "date": stored.verified_on.isoformat(),
        "date_is": "verified",
        "note": stored.note or None,
    }
    fetched = next(v for v in data["values"] if v["provenance"]["origin"] == "fetched")
    assert fetched["provenance"]["date_is"] == "fetched"


def test_an_unknown_framework_is_a_json_404_with_close_matches(client):
    response, data = get(client, "/api/v1/frameworks/flsk/")
    assert response.status_code == 404
    assert "flask" in data["valid"]
    response, data = get(client, "/api/v1/nothing-here/")
    assert response.status_code == 404
    assert "/api/v1/frameworks/" in data["valid"]


def test_an_alias_redirects_to_the_framework(client):
    response = client.get("/api/v1/frameworks/plotly-dash/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/frameworks/dash/"


def test_values_filter_by_framework_trait_and_origin(client):
    _, data = get(client, "/api/v1/values/", framework="flask", origin="fetched")
    assert data["results"]
    assert all(
        v["framework"] == "flask" and v["provenance"]["origin"] == "fetched"
        for v in data["results"]
    )
    response, data = get(client, "/api/v1/values/", trait="nope")
    assert response.status_code == 400
    assert "orm" in data["valid"]


def test_traits_axes_and_scenarios(client):
    _, traits = get(client, "/api/v1/traits/")
    orm = next(t for t in traits["results"] if t["slug"] == "orm")
    # The rubric an editor applies: the test for each level, and the borderline cases.
    assert {"built-in", "first-party", "third-party", "limited", "none"} <= set(
        orm["rubric"]["levels"]
    )
    assert any("host" in case for case in orm["rubric"]["borderline"])
    _, axes = get(client, "/api/v1/axes/")
    assert len(axes["results"]) == 4
    _, scenarios = get(client, "/api/v1/scenarios/")
    chat = next(s for s in scenarios["results"] if s["slug"] == "chat-service")
    assert "websockets" in chat["must_haves"]
    assert chat["weights"]["performance"] == 8


def test_answers_carry_an_etag_and_a_conditional_request_gets_304(client):
    first = client.get("/api/v1/frameworks/")
    assert first["ETag"]
    again = client.get("/api/v1/frameworks/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    value = TraitValue.objects.filter(framework__slug="flask").first()
    value.note = "edited"
    value.save()
    after = client.get("/api/v1/frameworks/", headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200


def test_the_api_is_read_only_and_answers_a_cors_preflight(client):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/v1/frameworks/")
    assert response.status_code == 405
    assert json.loads(response.content)["valid"] == ["GET", "HEAD"]
    preflight = client.options(
        "/api/v1/frameworks/",
        headers={"origin": "https://example.org", "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def _queries(client, path, **params):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


API_PATHS = [
    ("/api/v1/", {}),
    ("/api/v1/frameworks/", {}),
    ("/api/v1/frameworks/", {"has": "orm:built-in", "kind": "full-stack"}),
    ("/api/v1/frameworks/django/", {}),
    ("/api/v1/values/", {"framework": "django"}),
    ("/api/v1/traits/", {}),
    ("/api/v1/axes/", {}),
    ("/api/v1/scenarios/", {}),
    ("/api/v1/openapi.json", {}),
]


def test_query_counts_do_not_grow_with_the_catalogue(client):
    before = {f"{p}{q}": _queries(client, p, **q) for p, q in API_PATHS}
    # revision; (has: the filterable traits); count; page; aliases
    assert before["/api/v1/frameworks/{}"] == 4
    # revision; framework with its host; aliases; values with their traits
    assert before["/api/v1/frameworks/django/{}"] == 4
    make_many_frameworks(120)
    after = {f"{p}{q}": _queries(client, p, **q) for p, q in API_PATHS}
    assert after == before


def test_the_docs_page_shows_examples_and_links_the_schema_and_download(client):
    page = client.get("/api/").content.decode()
    assert 'href="/api/v1/openapi.json"' in page
    assert 'href="/download/framewise-catalogue.zip"' in page
    assert "has=websockets%3Abuilt-in" in page
    home = client.get("/").content.decode()
    assert 'href="/download/framewise-catalogue.zip"' in home
    assert 'href="/api/"' in home


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes "old" connections as each request starts; inside a
    test's transaction that closes the test's own connection (on PostgreSQL; SQLite's
    in-memory one is never closed), and every later query fails. Django's test client
    disconnects the same handler while it runs a request."""
    from django.core.signals import request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)


def test_the_api_meets_its_openapi_schema(db, keep_the_test_connection):
    """schemathesis, in process against the WSGI app: valid and invalid requests
    generated from the schema for every operation, every check."""
    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {o.label for o in operations}
    assert {
        "GET /api/v1/frameworks/",
        "GET /api/v1/frameworks/{slug}/",
        "GET /api/v1/values/",
    } <= labels
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    for operation, mode in itertools.product(operations, modes):
        if mode == schemathesis.GenerationMode.NEGATIVE and not list(operation.iter_parameters()):
            continue  # nothing to get wrong

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=25, deadline=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):
            # The WSGI client does not undo gzip as an HTTP client would.
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        check()
