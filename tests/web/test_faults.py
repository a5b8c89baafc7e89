"""When the database goes away: a friendly 503, /healthz says so, and the app
recovers by itself when the database returns."""

from __future__ import annotations

import os
import time

import dj_database_url
import pytest
from django.db import OperationalError

from catalogue.models import CatalogueRevision
from tests.live import AppServer, Browser, TcpProxy, manage, server_env, temporary_database
from web.errors import server_error


@pytest.mark.django_db
def test_a_database_failure_is_a_friendly_503_without_a_stack_trace(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(CatalogueRevision, "current", unreachable)
    response = client.get("/frameworks/django/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "We&#x27;ll be right back" in content or "We'll be right back" in content
    assert "Traceback" not in content and "Connection refused" not in content


def test_the_500_page_is_in_the_site_design(rf):
    response = server_error(rf.get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in content
    assert 'rel="stylesheet"' in content


@pytest.mark.live
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="cuts the connection to a PostgreSQL server (CI's PostgreSQL run)",
)
def test_the_app_recovers_by_itself_when_the_database_returns(tmp_path):
    with temporary_database(tmp_path) as url:
        manage(server_env(url), "migrate", "--no-input")
        manage(server_env(url), "load_catalogue")
        config = dj_database_url.parse(url)
        proxy = TcpProxy(config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432))
        proxied = url.replace(f":{config['PORT'] or 5432}/", f":{proxy.port}/")
        server = AppServer(server_env(proxied, DB_CONN_MAX_AGE="60"))
        try:
            browser = Browser(server.base)
            assert browser.request("/healthz").status == 200
            assert browser.request("/frameworks/flask/").status == 200

            proxy.down()
            assert browser.request("/healthz").status == 503
            page = browser.request("/frameworks/django/")
            assert page.status == 503
            assert "right back" in page.body and "Traceback" not in page.body

            proxy.up()
            deadline = time.monotonic() + 15
            while browser.request("/healthz").status != 200:
                assert time.monotonic() < deadline, "no recovery within 15 s"
                time.sleep(0.2)
            assert browser.request("/frameworks/django/").status == 200
        finally:
            server.stop()
            proxy.down()
