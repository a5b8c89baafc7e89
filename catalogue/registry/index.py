"""Asking the package index (PyPI's JSON API) about one package.

Per package: the project's JSON; the JSON of the release that was current twelve
months ago (for the advisories of the last year; skipped when that is the latest
release); and the tail of the wheel, where a zip keeps its list of files (for
`py.typed`), by a ranged request, so even a large wheel costs at most 512 KiB.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpx

from catalogue.registry import facts

INDEX = "https://pypi.org"
PROJECT_URL = INDEX + "/pypi/{name}/json"
VERSION_URL = INDEX + "/pypi/{name}/{version}/json"
TAIL_BYTES = 512 * 1024
TIMEOUT = 20.0

# Tests replace this with a transport over recorded answers (see `recordings`).
transport: httpx.BaseTransport | None = None


class IndexUnavailable(Exception):
    """The index could not be reached, or did not answer as it should."""


class MalformedAnswer(Exception):
    """The index answered, but not with what its API promises."""


class NotFound(Exception):
    pass


class ListTooLarge(Exception):
    """The wheel's file list does not fit in the bytes we are willing to read."""


@dataclass
class Answers:
    project: dict[str, Any]
    baseline: dict[str, Any] | None = None  # the per-release JSON of the baseline release
    baseline_missing: str = ""  # why there is no baseline answer, when one was wanted
    wheel_names: list[str] | None = None
    wheel_missing: str = ""


def make_client() -> httpx.Client:
    return httpx.Client(
        timeout=TIMEOUT,
        follow_redirects=True,
        headers={"User-Agent": "Framewise refresh_registry (catalogue facts; daily)"},
        transport=transport,
    )


def fetch(name: str, client: httpx.Client, today: Any) -> Answers:
    """Everything the refresh needs about `name`. Raises IndexUnavailable or
    MalformedAnswer when the package's answers cannot be had in full."""
    project_url = PROJECT_URL.format(name=name)
    try:
        project = _json(client, project_url)
    except NotFound as exc:
        raise IndexUnavailable(f"{project_url}: the index has no package {name!r}") from exc
    answers = Answers(project=project)
    plan = facts.plan(project, today)  # raises MalformedAnswer on a wrong shape

    if plan.baseline_version and plan.baseline_version != plan.latest_version:
        url = VERSION_URL.format(name=name, version=plan.baseline_version)
        try:
            answers.baseline = _json(client, url)
        except NotFound:
            answers.baseline_missing = f"the index does not serve {url} (HTTP 404)"

    if plan.wheel is not None:
        url = urljoin(project_url, plan.wheel["url"])
        try:
            answers.wheel_names = _wheel_names(client, url, int(plan.wheel["size"]))
        except ListTooLarge as exc:
            answers.wheel_missing = str(exc)
    return answers


def _json(client: httpx.Client, url: str) -> dict[str, Any]:
    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        raise IndexUnavailable(f"{url}: {type(exc).__name__}: {exc}") from exc
    if response.status_code == 404:
        raise NotFound(url)
    if response.status_code != 200:
        raise IndexUnavailable(f"{url}: HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as exc:
        raise MalformedAnswer(f"{url}: the answer is not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise MalformedAnswer(f"{url}: the answer is not a JSON object")
    return data


def _wheel_names(client: httpx.Client, url: str, size: int) -> list[str]:
    """The file names in the wheel at `url`, read from its zip central directory."""
    headers = {"Range": f"bytes=-{min(size, TAIL_BYTES)}"}
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code not in (200, 206):
                raise IndexUnavailable(f"{url}: HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > TAIL_BYTES and response.status_code == 206:
                    raise MalformedAnswer(f"{url}: more bytes than the range asked for")
                if len(body) > size:
                    raise MalformedAnswer(f"{url}: larger than the index said ({size} bytes)")
    except httpx.HTTPError as exc:
        raise IndexUnavailable(f"{url}: {type(exc).__name__}: {exc}") from exc
    if response.status_code == 200:  # the server sent the whole file
        body = body[-TAIL_BYTES:]
    return zip_names(bytes(body), size, url)


def zip_names(tail: bytes, size: int, where: str = "wheel") -> list[str]:
    """Names in a zip's central directory, given the last bytes of the file."""
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 22:
        raise MalformedAnswer(f"{where}: no zip end record in the last {len(tail)} bytes")
    entries, _size, cd_offset = struct.unpack("<HII", tail[end + 10 : end + 20])
    start = len(tail) - (size - cd_offset)
    if cd_offset == 0xFFFFFFFF:
        raise MalformedAnswer(f"{where}: a zip64 archive, which no wheel needs to be")
    if start < 0:
        raise ListTooLarge(f"{where}: the file list is larger than the {len(tail):,} bytes read")
    names, pos = [], start
    for _ in range(entries):
        if tail[pos : pos + 4] != b"PK\x01\x02":
            raise MalformedAnswer(f"{where}: damaged zip central directory")
        name_len, extra_len, comment_len = struct.unpack("<HHH", tail[pos + 28 : pos + 34])
        names.append(tail[pos + 46 : pos + 46 + name_len].decode("utf-8", "replace"))
        pos += 46 + name_len + extra_len + comment_len
    return names
