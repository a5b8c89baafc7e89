"""Stale pages on a real app server: after an editor's save through the admin, the
editor sees it at once, a visitor is served the previous page at once (never an
old page passed off as new), and the render it asks for brings the next visitor
the new one. The server runs tasks where they are asked (TASKS_BACKEND=immediate,
from the test environment), so that render is done when the stale page is served;
in production the task worker does it within the stale window (bin/bench)."""

from __future__ import annotations

import pytest

from tests.live import AppServer, Browser, manage, server_env, temporary_database
from tests.web.test_scale_out import _orm_cell, _value_id

pytestmark = pytest.mark.live

NOTE = "Saved by the stale-page live test."


def test_a_visitor_gets_the_previous_page_at_once_and_the_new_one_within_seconds(tmp_path):
    with temporary_database(tmp_path) as url:
        # Warming off: the app server's own background render is what is tested.
        env = server_env(url, PAGE_STALE_SECONDS="30", CACHE_WARMING="off")
        manage(env, "migrate", "--no-input")
        manage(env, "load_catalogue")
        manage(env, "create_demo_editor", "--username", "stale", "--password", "stale-test-pw-1")
        server = AppServer(env, workers=1)
        try:
            editor = Browser(server.base)
            editor.login("stale", "stale-test-pw-1")
            listing = editor.request("/admin/catalogue/traitvalue/?q=flask+ORM")
            path = f"/admin/catalogue/traitvalue/{_value_id(listing.body, 'Flask', 'ORM')}/change/"
            visitor = Browser(server.base)
            before = visitor.request("/frameworks/flask/")
            assert before.status == 200 and NOTE not in before.body
            assert NOTE.removesuffix(".") not in visitor.request("/compare/django-vs-flask/").body

            fields = editor.form(path)
            fields["note"] = [NOTE]
            assert editor.request(path, fields).status == 302
            first = visitor.request("/frameworks/flask/")
            assert first.status == 200
            assert NOTE not in first.body
            assert first.headers["X-Cache"] == "stale"
            assert first.headers["ETag"] == before.headers["ETag"]
            assert first.headers["Cache-Control"] == "no-cache"
            # The editor, signed in, sees their own save on the next request (on a
            # page of its own: theirs would be the visitor's next page too).
            # A comparison cell shows the note's first sentence as its title.
            mine = editor.request("/compare/django-vs-flask/")
            assert f'title="{NOTE.removesuffix(".")}"' in _orm_cell(mine.body)
            latest = visitor.request("/frameworks/flask/")
            assert NOTE in latest.body, "the render the stale page asked for was not stored"
            assert latest.headers["X-Cache"] == "hit"
        finally:
            server.stop()
