"""Anonymous pages are sent compressed; a page with a CSRF token never is (BREACH)."""

from __future__ import annotations

import gzip

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.mark.parametrize(
    "path", ["/", "/frameworks/", "/compare/django-vs-flask/", "/decide/", "/compare/x.json"]
)
def test_anonymous_pages_are_compressed(client, path):
    path = path.replace("x.json", "django-vs-flask.json")
    plain = client.get(path)
    response = client.get(path, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = gzip.decompress(response.content)
    assert body == plain.content
    assert len(response.content) < len(body) / 2


def test_a_cached_page_is_compressed_as_well(client):
    client.get("/compare/django-vs-flask/")
    response = client.get("/compare/django-vs-flask/", headers=GZIP)
    assert response["X-Cache"] == "hit"
    assert response["Content-Encoding"] == "gzip"


def test_pages_with_a_csrf_token_are_never_compressed():
    response = Client().get("/admin/login/", headers=GZIP)
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_a_signed_in_editors_pages_are_not_compressed(client, editor):
    client.force_login(editor)
    for path in ["/admin/", "/frameworks/"]:
        response = client.get(path, headers=GZIP)
        assert not response.has_header("Content-Encoding"), path


def test_without_accept_encoding_the_page_is_plain(client):
    response = client.get("/frameworks/")
    assert not response.has_header("Content-Encoding")
    assert response.content.startswith(b"<!doctype html>")
