"""Real-browser tests: Debian's Chromium driven by Playwright against the app
served by gunicorn over a database of its own (the curated catalogue).

Each journey fails on any console error (CSP violations are console errors),
uncaught page error or failed request, and saves a screenshot of every step;
when a journey fails, the folder of screenshots is named in the output.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.live import ROOT, AppServer, manage, server_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts" / "browser"
EDITOR = ("journey-editor", "journey-editor-pw-1")


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.live)


@pytest.fixture(scope="session")
def app() -> Iterator[str]:
    """The app under gunicorn with its own SQLite database; yields its base URL."""
    workdir = Path(tempfile.mkdtemp(prefix="framewise-browser-"))
    env = server_env(f"sqlite:///{workdir / 'browser.sqlite3'}")
    manage(env, "migrate", "--no-input")
    manage(env, "load_catalogue")
    manage(env, "create_demo_editor", "--username", EDITOR[0], "--password", EDITOR[1])
    server = AppServer(env, workers=2)
    try:
        yield server.base
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Journey:
    """A browser context that records problems and screenshots each step."""

    name: str
    base: str
    folder: Path
    contexts: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    steps: int = 0
    allowed_statuses: set[int] = field(default_factory=set)

    def new_page(self, browser, **options):  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=self.base, accept_downloads=True, **options)
        self.contexts.append(context)
        page = context.new_page()
        label = f"context {len(self.contexts)}"
        page.on("console", lambda m: self._console(label, m))
        page.on("pageerror", lambda e: self.problems.append(f"{label}: page error: {e}"))
        page.on("requestfailed", lambda r: self._request_failed(label, r))
        page.on("response", lambda r: self._response(label, r))
        return page

    def _console(self, label: str, message) -> None:  # type: ignore[no-untyped-def]
        if message.type != "error":
            return
        status = re.search(r"status of (\d{3})", message.text)
        if status and int(status.group(1)) in self.allowed_statuses:
            return  # the page under test is an error page on purpose
        self.problems.append(f"{label} after step {self.steps}: console error: {message.text}")

    def _request_failed(self, label: str, request) -> None:  # type: ignore[no-untyped-def]
        # A download navigates away from nothing: Chromium reports it as aborted.
        if "net::ERR_ABORTED" in (request.failure or "") and re.search(
            r"\.(md|csv|json)", request.url
        ):
            return
        self.problems.append(f"{label}: request failed: {request.url} {request.failure}")

    def _response(self, label: str, response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400 and response.status not in self.allowed_statuses:
            self.problems.append(f"{label}: HTTP {response.status} for {response.url}")

    def step(self, page, name: str) -> None:  # type: ignore[no-untyped-def]
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        # caret="initial": hiding the caret injects a <style>, which our CSP (rightly) refuses.
        page.screenshot(
            path=str(self.folder / f"{self.steps:02d}-{slug}.png"), full_page=False, caret="initial"
        )

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def journey(request, app, chromium) -> Iterator[Journey]:  # type: ignore[no-untyped-def]
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    trip = Journey(name=request.node.name, base=app, folder=folder)
    yield trip
    for context in trip.contexts:
        context.close()
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        print(f"\nScreenshots of each step of {trip.name}: {folder}")
        if trip.problems:
            print("Problems seen in the browser:\n" + "\n".join(trip.problems))
    else:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def login(page, username: str = EDITOR[0], password: str = EDITOR[1]) -> None:  # type: ignore[no-untyped-def]
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
