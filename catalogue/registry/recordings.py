"""Real answers from the package index, saved to files and replayed in tests.

`manage.py record_registry_answers flask bottle django` asks the live index exactly
what a refresh asks and saves each answer (status, the headers that matter, the
body) under tests/recordings/<package>/, with `answers.json` listing them and the
date they were recorded. `ReplayTransport` answers the same requests from those
files, so the tests run the real refresh code over real answers without a network.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import httpx

RECORDINGS = Path(__file__).resolve().parent.parent.parent / "tests" / "recordings"
KEPT_HEADERS = ("content-type", "content-range")


def _file_name(url: str, index: int) -> str:
    tail = url.rstrip("/").split("/")
    stem = tail[-2] if tail[-1] == "json" else tail[-1]
    suffix = ".json" if tail[-1] == "json" else ".bin"
    return f"{index:02d}-{re.sub(r'[^A-Za-z0-9._-]', '_', stem)[:80]}{suffix}"


class RecordingTransport(httpx.BaseTransport):
    """Passes requests to the network and keeps every answer for `save`."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.answers: list[tuple[str, httpx.Response, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        body = response.read()
        self.answers.append((str(request.url), response, body))
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )

    def save(self, folder: Path, recorded_on: datetime.date) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        listing = []
        for index, (url, response, body) in enumerate(self.answers, start=1):
            name = _file_name(url, index)
            (folder / name).write_bytes(body)
            headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
            listing.append(
                {"url": url, "status": response.status_code, "headers": headers, "body": name}
            )
        manifest = {"recorded_on": recorded_on.isoformat(), "answers": listing}
        (folder / "answers.json").write_text(json.dumps(manifest, indent=1) + "\n")


class ReplayTransport(httpx.BaseTransport):
    """Answers from recorded files; a request nobody recorded cannot connect."""

    def __init__(self, root: Path = RECORDINGS) -> None:
        self.answers: dict[str, tuple[int, dict[str, str], Path]] = {}
        self.recorded_on: dict[str, datetime.date] = {}
        for manifest in sorted(root.glob("*/answers.json")):
            data = json.loads(manifest.read_text())
            self.recorded_on[manifest.parent.name] = datetime.date.fromisoformat(
                data["recorded_on"]
            )
            for answer in data["answers"]:
                path = manifest.parent / answer["body"]
                self.answers[answer["url"]] = (answer["status"], answer["headers"], path)
        self.requests: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requests.append(url)
        if url not in self.answers:
            raise httpx.ConnectError(f"nothing recorded for {url}", request=request)
        status, headers, path = self.answers[url]
        return httpx.Response(status, headers=headers, content=path.read_bytes(), request=request)
