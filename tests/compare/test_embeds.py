"""Embeds: a comparison's or a decision's link-preview image, linking to the view."""

import html

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "image"),
    [
        ("/compare/django-vs-flask/", "/compare/django-vs-flask.png"),
        ("/decide/?scenario=chat-service", "/decide.png?scenario=chat-service"),
    ],
)
def test_comparisons_and_decisions_offer_an_embed_snippet(client, page, image):
    content = client.get(page).content.decode()
    start = content.index('<textarea id="embed-code"')
    snippet = html.unescape(content[content.index(">", start) + 1 : content.index("</textarea>")])
    assert snippet.startswith(f'<a href="{settings.SITE_URL}{page}"><img src="')
    assert f'src="{settings.SITE_URL}{image}"' in snippet
    assert 'alt="' in snippet
    assert client.get(image).status_code == 200
