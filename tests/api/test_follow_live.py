"""Feeds, the API and the download fetched as a client would, from a real app
server: an editor's save through the admin reaches a shared decision's feed as one
entry, and schemathesis finds no failure against the API's schema over HTTP."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import feedparser
import pytest

from tests.live import AppServer, Browser, manage, server_env, temporary_database
from tests.web.test_scale_out import _value_id

pytestmark = pytest.mark.live

DECISION = "/decide/feed/?scenario=chat-service"


def fetch(base: str, path: str) -> tuple[dict[str, str], bytes]:
    with urllib.request.urlopen(base + path, timeout=60) as response:
        return dict(response.headers), response.read()


def test_feeds_the_api_and_the_download_as_a_client_meets_them(tmp_path):
    with temporary_database(tmp_path) as url:
        env = server_env(url, PAGE_STALE_SECONDS="0", CACHE_WARMING="off")
        manage(env, "migrate", "--no-input")
        manage(env, "load_catalogue")
        manage(env, "create_demo_editor", "--username", "follow", "--password", "follow-pw-123")
        server = AppServer(env, workers=2)
        try:
            _, body = fetch(server.base, "/decide.json?scenario=chat-service")
            winner = json.loads(body)["ranking"][0]["name"]
            assert feedparser.parse(fetch(server.base, DECISION)[1]).entries == []

            editor = Browser(server.base)
            editor.login("follow", "follow-pw-123")
            listing = editor.request("/admin/catalogue/traitvalue/?q=websockets")
            value_id = _value_id(listing.body, winner, "WebSockets")
            path = f"/admin/catalogue/traitvalue/{value_id}/change/"
            fields = editor.form(path)
            fields["value"] = ["none"]
            assert editor.request(path, fields).status == 302

            feed = feedparser.parse(fetch(server.base, DECISION)[1])
            assert not feed.bozo
            assert len(feed.entries) == 1
            links = {link.rel: link.href for link in feed.entries[0].links}
            assert "rev=" in links["alternate"] and "rev=" in links["related"]
            changes = feedparser.parse(fetch(server.base, "/changes/feed/")[1])
            assert changes.entries[0].title.startswith(f"{winner} · WebSockets")

            headers, body = fetch(server.base, "/download/framewise-catalogue.zip")
            assert headers["Content-Type"] == "application/zip"
            names = zipfile.ZipFile(io.BytesIO(body)).namelist()
            assert "framewise-catalogue/framewise-catalogue.json" in names

            run = subprocess.run(
                [
                    str(Path(sys.executable).parent / "schemathesis"),
                    "--config-file",
                    str(Path(__file__).resolve().parent.parent / "schemathesis.toml"),
                    "run",
                    server.base + "/api/v1/openapi.json",
                    "--checks",
                    "all",
                    "--max-examples",
                    "20",
                    # One seed, so a failure here is one a developer can replay.
                    "--seed",
                    "1",
                ],
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert run.returncode == 0, run.stdout[-4000:]
            assert "No issues found" in run.stdout
        finally:
            server.stop()
