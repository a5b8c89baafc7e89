"""Two app servers, one PostgreSQL database, one Redis cache: an edit through
the admin of one is visible at once on the other, and neither serves a stale
cached page. Runs where PostgreSQL and Redis are there (CI's PostgreSQL run)."""

from __future__ import annotations

import os
import re
import socket
import uuid

import dj_database_url
import psycopg
import pytest

from tests.live import AppServer, Browser, manage, server_env

pytestmark = pytest.mark.live


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


DATABASE_URL = os.environ.get("DATABASE_URL", "")
requires_services = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres") or not _redis_up(),
    reason="needs DATABASE_URL on PostgreSQL and Redis on 127.0.0.1:6379",
)


@pytest.fixture
def cluster():
    config = dj_database_url.parse(DATABASE_URL)
    name = f"framewise_scaleout_{uuid.uuid4().hex[:8]}"
    admin_dsn = dict(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
    )
    with psycopg.connect(**admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    redis_db = 9
    env = server_env(url, CACHE_URL=f"redis://127.0.0.1:6379/{redis_db}", DB_CONN_MAX_AGE="60")
    manage(env, "migrate", "--no-input")
    manage(env, "load_catalogue")
    manage(env, "create_demo_editor", "--username", "scale", "--password", "scale-out-pw-1")
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=redis_db).flushdb()
    servers = [AppServer(env), AppServer(env)]
    try:
        yield servers
    finally:
        for server in servers:
            server.stop()
        with psycopg.connect(**admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _orm_cell(body: str) -> str:
    row = body[body.index('id="trait-orm"') :]
    return row[: row.index("</tr>")]


@requires_services
def test_an_admin_edit_on_one_server_is_visible_at_once_on_the_other(cluster):
    a, b = cluster
    reader = Browser(b.base)
    before = reader.request("/compare/django-vs-flask/")
    assert before.status == 200
    assert ">First-party<" not in _orm_cell(before.body)
    assert reader.request("/compare/django-vs-flask/").headers.get("X-Cache") == "hit"

    editor = Browser(a.base)
    editor.login("scale", "scale-out-pw-1")
    listing = editor.request("/admin/catalogue/traitvalue/?q=flask+ORM")
    value_id = _value_id(listing.body, "Flask", "ORM")
    path = f"/admin/catalogue/traitvalue/{value_id}/change/"
    fields = editor.form(path)
    fields["value"] = ["first-party"]
    fields["note"] = ["Changed during the scale-out test."]
    saved = editor.request(path, fields)
    assert saved.status == 302, saved.body[:2000]

    after = reader.request("/compare/django-vs-flask/")
    assert after.status == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    # The cell's short label; its title is the note's first sentence.
    assert ">First-party<" in _orm_cell(after.body)
    assert 'title="Changed during the scale-out test"' in _orm_cell(after.body)
    # A conditional request with the old ETag gets the new page, not a 304.
    revalidated = reader.request(
        "/compare/django-vs-flask/", headers={"If-None-Match": before.headers["ETag"]}
    )
    assert revalidated.status == 200
    assert "Changed during the scale-out test." in reader.request("/frameworks/flask/").body


def _value_id(listing: str, framework: str, trait: str) -> str:

    for match in re.finditer(
        r'href="/admin/catalogue/traitvalue/(\d+)/change/[^"]*">([^<]+)<', listing
    ):
        if framework in match.group(2):
            row_end = listing.index("</tr>", match.end())
            if (
                f">{trait}<" in listing[match.end() : row_end]
                or trait in listing[match.end() : row_end]
            ):
                return match.group(1)
    raise AssertionError(f"no {framework} · {trait} row in the admin list")
