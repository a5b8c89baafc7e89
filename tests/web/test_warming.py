"""After a published edit, the most visited pages are re-rendered for the new
revision before anyone asks; a warming that fails never breaks the save."""

import logging

import pytest

from catalogue.models import CatalogueRevision, Framework
from web.cache import warming

pytestmark = pytest.mark.django_db


@pytest.fixture
def inline_warming(settings):
    settings.CACHE_WARMING = "inline"


def edit_a_framework() -> Framework:
    framework = Framework.objects.get(slug="flask")
    framework.summary = framework.summary + " Edited."
    framework.save()
    return framework


def test_an_edit_makes_the_popular_pages_present_in_the_cache_for_the_new_revision(
    client, inline_warming, django_capture_on_commit_callbacks
):
    before = CatalogueRevision.current()
    with django_capture_on_commit_callbacks(execute=True):
        edit_a_framework()
    assert CatalogueRevision.current() > before
    paths = warming.popular_paths()
    assert {"/", "/frameworks/", "/decide/", "/scenarios/"} <= set(paths)
    assert "/compare/django-vs-fastapi-vs-flask/" in paths
    assert any(p.startswith("/scenarios/") and p != "/scenarios/" for p in paths)
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Cache"] == "hit", path
    # The new value is what the warmed page shows.
    assert "Edited." in client.get("/").content.decode() or "Edited." in (
        client.get("/frameworks/").content.decode()
    )


def test_a_failing_warm_does_not_break_the_save(
    inline_warming, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(revision):  # type: ignore[no-untyped-def]
        raise RuntimeError("cache server on fire")

    monkeypatch.setattr(warming, "warm", broken)
    before = CatalogueRevision.current()
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        framework = edit_a_framework()
    framework.refresh_from_db()
    assert framework.summary.endswith("Edited.")
    assert CatalogueRevision.current() > before
    assert "warming the cache" in caplog.text


def test_many_saves_in_one_transaction_warm_once(
    inline_warming, django_capture_on_commit_callbacks, monkeypatch
):
    revisions = []
    monkeypatch.setattr(warming, "warm", revisions.append)
    with django_capture_on_commit_callbacks(execute=True):
        edit_a_framework()
        edit_a_framework()
    assert revisions == [CatalogueRevision.current()]


def test_nothing_is_warmed_when_warming_is_off(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.CACHE_WARMING = "off"
    revisions = []
    monkeypatch.setattr(warming, "warm", revisions.append)
    with django_capture_on_commit_callbacks(execute=True):
        edit_a_framework()
    assert revisions == []


def test_pinned_and_preview_pages_are_never_warmed():
    paths = warming.popular_paths()
    assert not [p for p in paths if "rev=" in p or "/preview/" in p]


def test_a_warm_for_an_old_revision_renders_nothing(client):
    assert warming.warm(CatalogueRevision.current() - 1) == []
