"""HEAD wherever GET works; other methods a 405 naming what is allowed, before CSRF;
OPTIONS answered with the same list."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.pages import pages

pytestmark = pytest.mark.django_db

PUBLIC = [page.path for page in pages()]


@pytest.mark.parametrize("path", PUBLIC)
def test_head_answers_wherever_get_does(client, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def test_head_works_on_redirects_and_error_pages_too(client):
    assert client.head("/compare/flask-vs-django/").status_code == 301
    assert client.head("/frameworks/nope/").status_code == 404
    assert client.head("/compare/?fw=django&fw=flask").status_code == 302


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/", "/frameworks/", "/compare/django-vs-flask/", "/healthz"])
def test_other_methods_get_405_with_allow_even_without_a_csrf_token(method, path):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    body = response.content.decode()
    assert "Method Not Allowed" in body
    assert "GET, HEAD, OPTIONS" in body
    assert "expired" not in body


def test_options_lists_the_allowed_methods(client):
    response = client.options("/frameworks/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_the_admin_still_takes_posts_and_checks_their_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
