"""One cache entry per meaning, and every entry with a lifetime: a visitor
cannot fill the cache with variants of one page."""

import time

import pytest
from django.core.cache import cache

from web.query import same_query

pytestmark = pytest.mark.django_db

CANONICAL = (
    "/decide/?scenario=chat-service&w=scope:3,team:9&must=orm&only=django,fastapi"
)


def _page_entries() -> set[str]:
    """The page cache's keys (the local-memory cache the tests run on)."""
    return {key for key in cache._cache if ":page:" in key or ":page-latest:" in key}


def _variants() -> list[str]:
    """300 ways of writing the canonical decision."""
    weights = [
        "scope:3,team:9",
        "team:9,scope:3",
        "scope:03,team:09",
        "scope:3,team:9,",
        ",scope:3,,team:9",
        "scope:5,scope:3,team:9",
        "team:9,scope:03",
        "scope:3,team:9,team:9",
        "scope%3A3%2Cteam%3A9",
        "scope:3,team:9,performance:8",
        "maintenance:5,team:9,scope:3",
    ]
    musts = [
        "orm,websockets",
        "websockets,orm",
        "orm,,websockets",
        "websockets,orm,orm",
        "orm,websockets,",
    ]
    onlys = ["django,fastapi", "fastapi,django", "django,fastapi,django"]
    found = []
    for w in weights:
        for m in musts:
            for o in onlys:
                found.append(f"/decide/?scenario=chat-service&w={w}&must={m}&only={o}")
                found.append(f"/decide/?only={o}&must={m}&w={w}&scenario=chat-service")
    return [
        v
        for v in dict.fromkeys(found)
        if not same_query(v.partition("?")[2], CANONICAL.partition("?")[2])
    ][:300]


def test_a_decision_written_another_way_redirects_to_its_canonical_form(client):
    for query, canonical in [
        ("w=scope:09", "w=scope:9"),
        ("w=team:9,scope:2", "w=scope:2,team:9"),
        ("w=scope:2,scope:3", "w=scope:3"),
        ("w=scope:2,,", "w=scope:2"),
        ("w=scope:5", ""),
        ("must=orm,asgi,orm,", "must=asgi,orm"),
        ("only=flask,django,", "only=django,flask"),
        ("w=scope:3&scenario=chat-service", "scenario=chat-service&w=scope:3"),
    ]:
        for path in ("/decide/", "/decide.json", "/decide.md", "/decide.png"):
            response = client.get(f"{path}?{query}")
            assert response.status_code == 301, (path, query)
            assert response["Location"] == (f"{path}?{canonical}" if canonical else path)


def test_the_canonical_decision_is_served_as_it_is(client):
    assert client.get(CANONICAL).status_code == 200


def test_300_variants_of_one_decision_add_no_cache_entry(client):
    assert client.get(CANONICAL).status_code == 200
    before = _page_entries()
    variants = _variants()
    assert len(variants) == 300
    for url in variants:
        response = client.get(url)
        assert response.status_code == 301, url
        assert same_query(response["Location"].partition("?")[2], CANONICAL.partition("?")[2])
    assert _page_entries() == before


def test_cache_busted_images_redirect_to_the_bare_image_and_add_no_cache_entry(client):
    images = [
        "/preview.png",
        "/frameworks/django/preview.png",
        "/scenarios/chat-service/preview.png",
    ]
    for image in images:
        assert client.get(image).status_code == 200
    before = _page_entries()
    for n in range(100):
        for image in images:
            response = client.get(f"{image}?v={n}&utm_source=x{n}")
            assert response.status_code == 301
            assert response["Location"] == image
    assert _page_entries() == before


def test_every_cache_entry_has_a_lifetime(client):
    for path in [
        "/",
        "/frameworks/",
        "/frameworks/django/",
        "/frameworks/nosuch/",
        "/compare/django-vs-flask/",
        "/compare/django-vs-flask.png",
        CANONICAL,
        "/decide.png?scenario=chat-service",
        "/scenarios/chat-service/",
    ]:
        assert client.get(path).status_code in (200, 404)
    assert cache._expire_info
    day = time.time() + 24 * 3600 + 5
    for key, expires in cache._expire_info.items():
        assert expires is not None and expires <= day, key
