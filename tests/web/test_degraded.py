"""Degraded dependencies: with the cache server down, pages come from the database
and the outage is logged once, not once a request; with the database down, pages
already in the cache are still served, and everything else is the 503 page."""

import logging

import pytest
from django.db import OperationalError, connection

from web import middleware
from web.cache import pages
from web.cache import store as caching

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every cache call is refused.
DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def cache_health():
    caching.cache_health.reset()
    yield caching.cache_health
    caching.cache_health.reset()


def test_with_the_cache_down_pages_are_served_and_the_outage_logged_once(
    client, settings, caplog, cache_health
):
    settings.CACHES = DOWN
    caplog.set_level(logging.WARNING)
    for path in ["/", "/frameworks/", "/frameworks/flask/", "/compare/django-vs-flask/"] * 5:
        assert client.get(path).status_code == 200
    outage = [r for r in caplog.records if "cache unavailable" in r.getMessage()]
    assert len(outage) == 1
    assert outage[0].exc_info is None  # one line, not a traceback


def test_a_failed_cache_is_left_alone_for_a_few_seconds(settings, cache_health, monkeypatch):
    calls = []

    def refused(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("refused")

    monkeypatch.setattr(caching.cache, "get", refused)
    assert caching.cache_get("a") is None
    assert caching.cache_get("b") is None
    assert len(calls) == 1  # the second call did not wait on the cache
    cache_health.down_until -= caching.CACHE_RETRY_SECONDS  # as if that time had passed
    caching.cache_get("c")
    assert len(calls) == 2  # tried again after CACHE_RETRY_SECONDS


def _database_down(execute, sql, params, many, context):
    raise OperationalError("connection refused (test)")


def test_with_the_database_down_cached_pages_are_served_and_others_are_a_503(client):
    assert client.get("/frameworks/flask/").status_code == 200  # now in the cache
    with connection.execute_wrapper(_database_down):
        cached = client.get("/frameworks/flask/")
        assert cached.status_code == 200
        assert cached["X-Cache"] == "hit"
        missing = client.get("/frameworks/django/")
        assert missing.status_code == 503
        assert "Retry-After" in missing
        assert client.get("/healthz").status_code == 503


def test_a_new_process_reads_the_revision_from_the_cache_when_the_database_is_down(
    client, monkeypatch
):
    from catalogue.revision import scope

    assert client.get("/frameworks/flask/").status_code == 200
    scope.forget()  # as a worker started after the database went down
    with connection.execute_wrapper(_database_down):
        assert client.get("/frameworks/flask/").status_code == 200


@pytest.fixture
def outage_logs():
    for log in (middleware.database_outage, pages.revision_outage):
        log.reset()
    yield
    for log in (middleware.database_outage, pages.revision_outage):
        log.reset()


def test_with_the_database_down_the_outage_is_logged_once_not_once_a_request(
    client, caplog, outage_logs
):
    assert client.get("/frameworks/flask/").status_code == 200  # now in the cache
    caplog.set_level(logging.WARNING)
    with connection.execute_wrapper(_database_down):
        for _ in range(5):
            assert client.get("/frameworks/flask/").status_code == 200
            assert client.get("/frameworks/django/").status_code == 503
    said = [r.getMessage() for r in caplog.records if "database unavailable" in r.getMessage()]
    # One line for the revision read from the cache, one for the 503s, in five rounds.
    assert len(said) == 2, said
