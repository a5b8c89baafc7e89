"""After an edit, a visitor is served the page as it was while the task worker
renders the new one (`PAGE_STALE_SECONDS`), so no visitor waits on a render; an
editor, a reload and the warming always get the current revision."""

import time

import pytest
from django.tasks import default_task_backend

from catalogue.models import Framework
from catalogue.revision import scope
from web.cache import pages as caching
from web.cache import store, warming

pytestmark = pytest.mark.django_db

PATH = "/frameworks/flask/"
NEW_SUMMARY = "A summary written by the stale-page test."


@pytest.fixture
def stale_on(settings):
    settings.PAGE_STALE_SECONDS = 30


DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class Asked:
    """The renders asked of the task worker (a backend that keeps tasks, runs none)."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(
            (r.args[0], r.args[1])
            for r in default_task_backend.results
            if r.task.func is warming.refresh_page.func
        )

    def __eq__(self, other: object) -> bool:
        return list(iter(self)) == other

    def __len__(self) -> int:
        return len(list(iter(self)))


@pytest.fixture
def refreshes(settings):
    settings.TASKS = DUMMY_TASKS
    return Asked()


def edit_flask() -> None:
    framework = Framework.objects.get(slug="flask")
    framework.summary = NEW_SUMMARY
    framework.save()


def test_a_visitor_after_an_edit_gets_the_previous_page_at_once_and_then_the_new_one(
    client, stale_on, refreshes
):
    before = client.get(PATH)
    assert before.status_code == 200 and NEW_SUMMARY not in before.content.decode()
    edit_flask()

    stale = client.get(PATH)
    assert stale.status_code == 200
    assert stale["X-Cache"] == "stale"
    assert NEW_SUMMARY not in stale.content.decode()
    assert stale["ETag"] == before["ETag"]  # it is that page, and says so
    assert stale["Cache-Control"] == "no-cache"  # no cache may keep it
    assert refreshes == [(PATH, {})]

    # Others asking meanwhile get it too, without a second render being asked for;
    # a browser holding it is told it still has it.
    assert client.get(PATH)["X-Cache"] == "stale"
    revalidated = client.get(PATH, headers={"If-None-Match": before["ETag"]})
    assert revalidated.status_code == 304
    assert len(refreshes) == 1

    # The background render (what the refresher thread runs) stores the new page.
    assert warming.render_current(PATH) == 200
    fresh = client.get(PATH)
    assert fresh["X-Cache"] == "hit"
    assert NEW_SUMMARY in fresh.content.decode()
    assert fresh["ETag"] != before["ETag"]


def test_an_htmx_fragment_is_refreshed_as_a_fragment(client, stale_on, refreshes):
    client.get("/frameworks/?kind=micro", headers={"HX-Request": "true"})
    edit_flask()
    stale = client.get("/frameworks/?kind=micro", headers={"HX-Request": "true"})
    assert stale["X-Cache"] == "stale"
    assert "<html" not in stale.content.decode()
    assert refreshes == [("/frameworks/?kind=micro", {"HX-Request": "true"})]


def test_an_editor_sees_their_own_edit_on_the_next_request(client, editor, stale_on, refreshes):
    client.get(PATH)
    client.force_login(editor)
    edit_flask()
    response = client.get(PATH)
    assert response["X-Cache"] == "miss"
    assert NEW_SUMMARY in response.content.decode()
    assert refreshes == []


@pytest.mark.parametrize(
    "headers",
    [{"Cache-Control": "max-age=0"}, {"Cache-Control": "no-cache"}, {"Pragma": "no-cache"}],
)
def test_a_reload_gets_the_current_page(client, stale_on, refreshes, headers):
    client.get(PATH)
    edit_flask()
    response = client.get(PATH, headers=headers)
    assert response["X-Cache"] == "miss"
    assert NEW_SUMMARY in response.content.decode()


def test_the_warming_renders_the_current_page_not_the_stale_one(client, stale_on, refreshes):
    client.get("/frameworks/")
    edit_flask()
    assert warming.render_current("/frameworks/") == 200
    assert client.get("/frameworks/")["X-Cache"] == "hit"
    assert refreshes == []


def test_no_stale_page_once_the_window_has_passed(client, stale_on, refreshes, monkeypatch):
    client.get(PATH)
    edit_flask()
    monkeypatch.setattr(scope, "age", lambda number: 31.0)
    response = client.get(PATH)
    assert response["X-Cache"] == "miss"
    assert NEW_SUMMARY in response.content.decode()


def test_no_stale_page_when_it_is_turned_off(client, settings, refreshes):
    settings.PAGE_STALE_SECONDS = 0
    client.get(PATH)
    edit_flask()
    response = client.get(PATH)
    assert response["X-Cache"] == "miss"
    assert NEW_SUMMARY in response.content.decode()


def test_a_page_never_rendered_before_is_rendered_for_its_first_visitor(
    client, stale_on, refreshes
):
    edit_flask()
    response = client.get(PATH)
    assert response["X-Cache"] == "miss"
    assert NEW_SUMMARY in response.content.decode()
    assert refreshes == []


def test_the_refresh_task_renders_a_page_unless_it_is_there_by_now(monkeypatch):
    rendered: list[tuple[str, dict]] = []

    def render(path, headers):  # type: ignore[no-untyped-def]
        rendered.append((path, headers))
        return 200

    monkeypatch.setattr(warming, "render_current", render)
    monkeypatch.setattr(warming, "warms", lambda path: False)
    store.cache_set("page:v9:page:warmed", (200, b"", {}))  # the warming was first
    for path, headers, key in [
        ("/warmed/", {}, "page:v9:page:warmed"),
        ("/decide/", {"HX-Request": "true"}, "page:v9:fragment:decide"),
    ]:
        warming.refresh_page.enqueue(path, headers, key, time.time())
    assert rendered == [("/decide/", {"HX-Request": "true"})]


def test_a_page_the_warming_renders_waits_for_it_on_the_worker(settings, monkeypatch):
    """On a backend that can defer (the task worker's), the render of a page the
    warming renders anyway is put off until the warming has had its moment."""
    settings.TASKS = DUMMY_TASKS
    monkeypatch.setattr(warming, "warms", lambda path: True)
    monkeypatch.setattr(warming, "render_current", lambda path, headers: 200)
    asked = time.time()
    warming.refresh_page.call("/decide/", {}, "page:v9:page:decide", asked)
    (deferred,) = default_task_backend.results
    assert deferred.task.run_after is not None
    assert deferred.args == ["/decide/", {}, "page:v9:page:decide", asked]


def test_the_renders_asked_for_after_one_revision_are_bounded(
    client, stale_on, refreshes, monkeypatch
):
    monkeypatch.setattr(caching, "REFRESH_QUEUE", 3)
    paths = [
        "/frameworks/flask/",
        "/frameworks/django/",
        "/frameworks/bottle/",
        "/frameworks/sanic/",
        "/frameworks/tornado/",
    ]
    for path in paths:
        client.get(path)
    edit_flask()
    for path in paths:
        assert client.get(path)["X-Cache"] == "stale"
    assert len(refreshes) == 3


def test_only_the_pages_the_warming_renders_wait_for_it(settings):
    settings.CACHE_WARMING = "task"
    assert warming.warms("/decide/")
    assert warming.warms("/frameworks/")
    assert not warming.warms("/frameworks/flask/")
    assert not warming.warms("/frameworks/?kind=micro")
    settings.CACHE_WARMING = "off"
    assert not warming.warms("/decide/")
