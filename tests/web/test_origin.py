"""Absolute URLs come from settings.SITE_URL, never from the request's Host, so one
request with another Host cannot change what the next visitor gets from the cache."""

from __future__ import annotations

import json
import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

SITE = "https://framewise.example"
OTHER_HOST = "localhost:9999"


def _absolute_urls(content: str) -> set[str]:
    return set(
        re.findall(r"https?://(?:localhost|127\.0\.0\.1|testserver|framewise)[^\"'<> )]*", content)
    )


@override_settings(SITE_URL=SITE)
@pytest.mark.parametrize(
    "path",
    [
        "/compare/django-vs-flask/",
        "/compare/django-vs-flask.json",
        "/compare/django-vs-flask.md",
        "/decide/?scenario=chat-service",
        "/decide.md?scenario=chat-service",
        "/decide.json?scenario=chat-service",
    ],
)
def test_a_foreign_host_does_not_reach_the_next_visitor(client, path):
    poisoned = client.get(path, headers={"Host": OTHER_HOST})
    assert poisoned.status_code == 200
    assert OTHER_HOST not in poisoned.content.decode()
    after = client.get(path)
    content = after.content.decode()
    assert OTHER_HOST not in content
    urls = _absolute_urls(content)
    assert urls, "the page names itself with an absolute URL"
    assert all(url.startswith(SITE + "/") for url in urls), urls


@override_settings(SITE_URL=SITE)
def test_the_comparison_names_itself_on_the_configured_origin(client):
    content = client.get("/compare/django-vs-flask/?all=1").content.decode()
    # The canonical URL keeps the view's state (issue 14: "every row" unfurls as such).
    assert f'<link rel="canonical" href="{SITE}/compare/django-vs-flask/?all=1">' in content
    assert f'<meta property="og:url" content="{SITE}/compare/django-vs-flask/?all=1">' in content
    assert f'<meta property="og:image" content="{SITE}/compare/django-vs-flask.png">' in content
    assert f'value="{SITE}/compare/django-vs-flask/?all=1"' in content


@override_settings(SITE_URL=SITE)
def test_exports_carry_the_configured_origin(client):
    data = json.loads(client.get("/compare/django-vs-flask.json").content)
    assert data["url"] == f"{SITE}/compare/django-vs-flask/"
    decision = json.loads(client.get("/decide.json?scenario=chat-service").content)
    assert decision["permalink"] == f"{SITE}/decide/?scenario=chat-service"
