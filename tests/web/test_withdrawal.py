"""Unpublishing or deleting takes effect on the next request: the stale window
(`PAGE_STALE_SECONDS`) never serves a page of something no longer public."""

import pytest

from catalogue.models import Framework, Scenario, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_on(settings):
    settings.PAGE_STALE_SECONDS = 30
    # The renders asked of the task worker are kept, not run.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _unpublish(slug: str) -> None:
    framework = Framework.objects.get(slug=slug)
    framework.status = Status.DRAFT
    framework.save()


@pytest.mark.parametrize(
    "path",
    [
        "/frameworks/flask/",
        "/compare/django-vs-flask/",
        "/compare/django-vs-flask.csv",
        "/frameworks/flask/preview.png",
    ],
)
def test_an_unpublished_frameworks_pages_are_gone_on_the_next_request(client, stale_on, path):
    assert client.get(path).status_code == 200
    _unpublish("flask")
    response = client.get(path)
    assert response.status_code == 404
    assert response.get("X-Cache") != "stale"
    assert client.get(path).status_code == 404  # and stays gone (the 404 is kept)


def test_a_deleted_framework_is_gone_on_the_next_request(client, stale_on):
    assert client.get("/frameworks/bottle/").status_code == 200
    Framework.objects.get(slug="bottle").delete()
    assert client.get("/frameworks/bottle/").status_code == 404


def test_an_unpublished_scenario_is_gone_on_the_next_request(client, stale_on):
    assert client.get("/scenarios/chat-service/").status_code == 200
    Scenario.objects.filter(slug="chat-service").update(status=Status.DRAFT)
    scenario = Scenario.objects.get(slug="chat-service")
    scenario.save()
    assert client.get("/scenarios/chat-service/").status_code == 404


def test_pages_stay_stale_after_an_ordinary_edit(client, stale_on):
    assert client.get("/frameworks/flask/").status_code == 200
    _unpublish("bottle")  # something else left, then an ordinary edit
    client.get("/frameworks/flask/")
    framework = Framework.objects.get(slug="flask")
    framework.summary = "Edited after the unpublish."
    framework.save()
    assert client.get("/frameworks/flask/")["X-Cache"] == "stale"


def test_a_republished_framework_is_back_on_the_next_request(client, stale_on):
    client.get("/frameworks/flask/")
    _unpublish("flask")
    assert client.get("/frameworks/flask/").status_code == 404
    framework = Framework.objects.get(slug="flask")
    framework.status = Status.PUBLISHED
    framework.save()
    assert client.get("/frameworks/flask/").status_code == 200
