"""Versioned caching, HTTP caching, and fixed query budgets at any size."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from catalogue.models import TraitValue
from tests.factories import make_many_frameworks
from tests.pages import pages

pytestmark = pytest.mark.django_db

# Every public page type that answers 200, each with the query in its path, but the
# decision's feed: it replays the revisions since the decision's last change, so its
# count follows the edits made (12 queries here, 14 after 200 frameworks are added);
# bounding that is left to its own test (tests/compare/test_decision_feed.py).
PUBLIC_PAGES = [(page.path, {}) for page in pages() if page.name != "decision-feed"]
FRAGMENTS = [
    ("/frameworks/", {"kind": "async"}),
    ("/compare/django-vs-flask/", {"base": "flask"}),
    ("/decide/", {"w": "team:9"}),
]


def _count(client, path, params, **headers):
    from catalogue.scoring.matrix import forget_current

    caches["default"].clear()  # measure the cold render, not a cache hit
    # and as a fresh worker: whether another page read the scoring matrix for
    # this revision first must not change a page's count.
    forget_current()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


def test_every_public_page_and_fragment_has_a_fixed_query_budget(client):
    small = {(p, str(q)): _count(client, p, q) for p, q in PUBLIC_PAGES}
    small.update(
        {("hx" + p, str(q)): _count(client, p, q, HX_Request="true") for p, q in FRAGMENTS}
    )
    make_many_frameworks(200)
    large = {(p, str(q)): _count(client, p, q) for p, q in PUBLIC_PAGES}
    large.update(
        {("hx" + p, str(q)): _count(client, p, q, HX_Request="true") for p, q in FRAGMENTS}
    )
    assert large == small


def test_pages_carry_an_etag_and_cdn_friendly_cache_control(client):
    response = client.get("/compare/django-vs-flask/")
    assert response["ETag"].startswith('"r')
    assert "public" in response["Cache-Control"]
    assert "stale-while-revalidate" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_a_conditional_request_gets_304(client):
    etag = client.get("/frameworks/flask/")["ETag"]
    again = client.get("/frameworks/flask/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_the_second_request_is_served_from_the_cache(client):
    assert client.get("/frameworks/flask/")["X-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/frameworks/flask/")
    assert response["X-Cache"] == "hit"
    assert len(ctx.captured_queries) == 1  # the catalogue revision only


def test_an_edit_is_visible_on_the_next_request(client):
    first = client.get("/compare/django-vs-flask/")
    value = TraitValue.objects.get(framework__slug="flask", trait__slug="orm")
    value.support_value = "built-in"
    value.save()
    second = client.get("/compare/django-vs-flask/")
    assert second["ETag"] != first["ETag"]
    assert second["X-Cache"] == "miss"
    cell = next(
        c
        for row in second.context["comparison"].rows
        if row.trait.slug == "orm"
        for c in row.cells
        if c.framework == "flask"
    )
    assert cell.display == "Built-in"
    # The old ETag no longer matches: a CDN revalidating gets the new page.
    assert (
        client.get(
            "/compare/django-vs-flask/", headers={"If-None-Match": first["ETag"]}
        ).status_code
        == 200
    )


def test_fragments_and_full_pages_never_share_a_cache_entry(client):
    fragment = client.get("/frameworks/", {"kind": "micro"}, headers={"HX-Request": "true"})
    full = client.get("/frameworks/", {"kind": "micro"})
    assert "<html" not in fragment.content.decode()
    assert "<html" in full.content.decode()
    assert fragment["ETag"] != full["ETag"]


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/frameworks/",
        "/frameworks/?has=websockets&q=channels&search=text",
        "/frameworks/django/",
        "/compare/django-vs-flask/",
        "/compare/django-vs-flask.png",
        "/decide/?scenario=chat-service",
    ],
)
def test_pages_still_work_when_the_cache_server_is_down(client, path):
    response = client.get(path)
    assert response.status_code == 200


def test_pages_vary_on_the_history_restore_header_too(client):
    for path in ("/frameworks/", "/compare/django-vs-flask/", "/decide/", "/frameworks/flask/"):
        vary = client.get(path)["Vary"]
        assert "HX-Request" in vary, path
        assert "HX-History-Restore-Request" in vary, path


def test_a_cached_htmx_add_replays_its_hx_location_header(client):
    headers = {"HX-Request": "true"}
    first = client.get("/compare/flask-vs-quart/", {"add": "sanic"}, headers=headers)
    second = client.get("/compare/flask-vs-quart/", {"add": "sanic"}, headers=headers)
    assert second["X-Cache"] == "hit"
    assert first["HX-Location"] == second["HX-Location"]
    assert '"path": "/compare/flask-vs-quart-vs-sanic/"' in second["HX-Location"]


def test_a_cached_decision_fragment_replays_its_hx_push_url_header(client):
    headers = {"HX-Request": "true"}
    client.get("/decide/", {"w": "team:9"}, headers=headers)
    again = client.get("/decide/", {"w": "team:9"}, headers=headers)
    assert again["X-Cache"] == "hit"
    assert again["HX-Push-Url"] == "/decide/?w=team:9"


def test_someone_signed_in_revalidates_every_page(client, editor):
    client.force_login(editor)
    response = client.get("/frameworks/flask/")
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"]


def test_anonymous_visitors_may_be_served_from_a_shared_cache(client):
    assert client.get("/frameworks/flask/")["Cache-Control"].startswith("public")


def test_fragments_are_never_stored_by_a_shared_cache(client):
    response = client.get("/frameworks/", {"kind": "async"}, headers={"HX-Request": "true"})
    assert response["Cache-Control"] == "private, max-age=60"


def test_a_page_another_request_is_rendering_is_awaited_not_rendered_again(rf, monkeypatch):
    import hashlib
    import threading

    from django.core.cache import cache
    from django.http import HttpResponse

    from catalogue.models import CatalogueRevision
    from web.cache import pages
    from web.cache.pages import cached_page

    calls = []

    @cached_page
    def page(request):
        calls.append(request)
        return HttpResponse("rendered here")

    digest = hashlib.sha1(b"/somewhere/").hexdigest()
    key = f"page:v{CatalogueRevision.current()}:page:{digest}"
    lock = f"rendering:{key}"
    cache.add(lock, 1, 5)
    # The other renderer stores its page once this request is waiting for it (has
    # found the page being rendered), not after a guessed pause.
    waiting = threading.Event()
    real_get = pages.cache_get

    def cache_get(name):  # type: ignore[no-untyped-def]
        value = real_get(name)
        if name == lock:
            waiting.set()
        return value

    monkeypatch.setattr(pages, "cache_get", cache_get)

    def elsewhere():
        assert waiting.wait(5)
        cache.set(key, (200, b"rendered elsewhere", {"Content-Type": "text/html"}))
        cache.delete(lock)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    response = page(rf.get("/somewhere/"))
    thread.join()
    assert response.content == b"rendered elsewhere"
    assert response["X-Cache"] == "hit"
    assert calls == []


def test_a_page_whose_renderer_stored_nothing_is_rendered_by_the_next_request(rf):
    from django.http import HttpResponse

    from web.cache.pages import cached_page

    @cached_page
    def missing(request):
        return HttpResponse("gone", status=404)

    assert missing(rf.get("/nowhere/")).status_code == 404
    assert missing(rf.get("/nowhere/")).status_code == 404
