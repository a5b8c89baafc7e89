"""Atom feeds of changes: the catalogue's, a framework's and a comparison's, parsed
with a real feed parser."""

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Framework, TraitValue

pytestmark = pytest.mark.django_db

ATOM = "application/atom+xml; charset=utf-8"


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == ATOM
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def assert_valid_atom(feed):
    """Every element RFC 4287 requires: the feed's id, title, updated and an author
    (on the feed, so every entry has one), a self and alternate link; each entry's
    id, title, updated and link."""
    assert feed.feed.id
    assert feed.feed.title
    assert feed.feed.updated_parsed
    assert feed.feed.author
    rels = {link.rel for link in feed.feed.links}
    assert {"self", "alternate"} <= rels
    assert all(link.href.startswith(settings.SITE_URL) for link in feed.feed.links)
    for entry in feed.entries:
        assert entry.id
        assert entry.title
        assert entry.updated_parsed
        assert entry.link.startswith(settings.SITE_URL + "/")
        assert entry.get("author") or feed.feed.author


def edit(framework, trait, **fields):
    value = TraitValue.objects.get(framework__slug=framework, trait__slug=trait)
    for name, v in fields.items():
        setattr(value, name, v)
    value.save()
    return value


def test_the_changes_feed_names_framework_trait_old_and_new_value_and_source(client):
    edit("bottle", "orm", support_value="first-party", source_url="https://example.org/orm")
    feed = parse(client.get("/changes/feed/"))
    assert_valid_atom(feed)
    first = feed.entries[0]
    assert first.title == "Bottle · ORM: Third-party → First-party add-on"
    assert "Source: https://example.org/orm" in first.summary
    assert first.link == f"{settings.SITE_URL}/changes/?framework=bottle"


def test_the_changes_feed_lists_the_newest_change_first(client):
    edit("bottle", "orm", support_value="first-party")
    edit("flask", "orm", support_value="first-party")
    titles = [e.title for e in parse(client.get("/changes/feed/")).entries]
    assert titles[0].startswith("Flask · ORM")
    assert titles[1].startswith("Bottle · ORM")


def test_the_first_load_of_the_catalogue_is_not_a_change(client):
    feed = parse(client.get("/changes/feed/"))
    assert_valid_atom(feed)
    assert feed.entries == []


def test_a_framework_feed_shows_only_that_frameworks_changes(client):
    edit("bottle", "orm", support_value="first-party")
    edit("flask", "orm", support_value="first-party")
    feed = parse(client.get("/frameworks/flask/feed/"))
    assert_valid_atom(feed)
    assert [e.title for e in feed.entries] == ["Flask · ORM: Third-party → First-party add-on"]
    assert feed.feed.link == f"{settings.SITE_URL}/frameworks/flask/"


def test_a_framework_feed_announces_a_release_and_a_new_advisory(client):
    flask = Framework.objects.get(slug="flask")
    old_version = flask.latest_version
    flask.latest_version = "99.0"
    flask.latest_release = "2026-11-30"
    flask.save()
    advisories = TraitValue.objects.get(framework=flask, trait__slug="vulnerabilities-latest")
    edit("flask", "vulnerabilities-latest", number_value=(advisories.number_value or 0) + 1)
    titles = [e.title for e in parse(client.get("/frameworks/flask/feed/")).entries]
    assert titles[0].startswith("New advisory: Flask · Known advisories")
    assert titles[1] == f"Flask 99.0 released (was {old_version})"


def test_an_unknown_framework_has_no_feed(client):
    assert client.get("/frameworks/nope/feed/").status_code == 404


def test_feeds_are_cached_by_revision_and_answer_304(client):
    first = client.get("/changes/feed/")
    assert first["ETag"]
    again = client.get("/changes/feed/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    edit("bottle", "orm", support_value="first-party")
    after = client.get("/changes/feed/", headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200
    assert b"Bottle" in after.content


def test_the_changes_feed_makes_the_same_queries_whatever_the_number_of_changes(client):
    edit("bottle", "orm", note="one")
    with CaptureQueriesContext(connection) as few:
        client.get("/changes/feed/")
    for framework in Framework.objects.all()[:10]:
        value = framework.values.first()
        value.note = "edited"
        value.save()
    client.get("/", headers={"cache-control": "no-cache"})
    with CaptureQueriesContext(connection) as many:
        client.get("/changes/feed/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_pages_link_their_feeds(client):
    assert (
        'type="application/atom+xml" href="/changes/feed/"'
        in client.get("/changes/").content.decode()
    )
    assert (
        'type="application/atom+xml" href="/frameworks/flask/feed/"'
        in client.get("/frameworks/flask/").content.decode()
    )


def test_a_comparison_feed_shows_changes_to_the_compared_frameworks_only(client):
    edit("bottle", "orm", support_value="first-party")
    edit("flask", "orm", support_value="first-party")
    feed = parse(client.get("/compare/django-vs-flask/feed/"))
    assert_valid_atom(feed)
    assert [e.title for e in feed.entries] == ["Flask · ORM: Third-party → First-party add-on"]
    assert feed.entries[0].link == f"{settings.SITE_URL}/compare/django-vs-flask/#trait-orm"
    assert feed.feed.title == "Framewise: changes to Django vs Flask"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/compare/flask-vs-django/feed/", "/compare/django-vs-flask/feed/"),
        ("/compare/Django-vs-FLASK-vs-django/feed/", "/compare/django-vs-flask/feed/"),
        ("/compare/flask-vs-flask/feed/", "/frameworks/flask/feed/"),
    ],
)
def test_a_comparison_feed_is_canonicalised_like_the_comparison(client, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


def test_a_comparison_feed_of_an_unknown_framework_is_a_404(client):
    assert client.get("/compare/django-vs-nope/feed/").status_code == 404


def test_the_comparison_links_its_feed(client):
    page = client.get("/compare/django-vs-flask/").content.decode()
    assert 'type="application/atom+xml" href="/compare/django-vs-flask/feed/"' in page
