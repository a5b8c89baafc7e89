"""axe-core on every public page type and the admin's framework page, and
keyboard-only use of filters, the comparison and the sliders."""

from __future__ import annotations

import json
import os
import re

import pytest

from tests.browser.conftest import AXE, login

PUBLIC_PAGES = [
    "/",
    "/frameworks/",
    "/frameworks/?kind=async&has=websockets",
    "/frameworks/?view=table&sort=latest-release",
    "/frameworks/?fw=django&fw=flask&page=2",
    "/frameworks/django/",
    "/compare/",
    "/compare/django-vs-fastapi-vs-flask/",
    "/compare/django-vs-fastapi-vs-flask/?all=1&base=flask",
    "/compare/django-vs-fastapi-vs-flask/?base=flask",
    "/compare/django-vs-flask/?add=djangoo",
    "/frameworks/?q=real-time+dashboard",
    "/frameworks/?q=native+websockets+and+an+orm",
    "/compare/?fw=django&fw=flask&fw=fastapi&fw=bottle&fw=sanic&fw=quart&fw=tornado",
    "/compare/aiohttp-vs-django-vs-fastapi-vs-flask-vs-litestar-vs-starlette/",
    "/scenarios/",
    "/scenarios/chat-service/",
    "/decide/",
    "/decide/?scenario=chat-service",
    "/decide/method/",
    "/changes/",
    "/api/",
    "/report/flask/orm/",
    "/frameworks/no-such-framework/",
    "/frameworks/?kind=nope",
]
# A phone and a desktop; the dark theme is checked on the desktop.
SCREENS = {
    "375-light": {"viewport": {"width": 375, "height": 812}, "color_scheme": "light"},
    "1440-light": {"viewport": {"width": 1440, "height": 900}, "color_scheme": "light"},
    "1440-dark": {"viewport": {"width": 1440, "height": 900}, "color_scheme": "dark"},
}
# WCAG 2.0–2.2 A and AA, and axe's best practices: every impact counts, not only
# serious and critical.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: `npm ci` in tests/browser installs axe-core")
        pytest.skip("axe-core is not installed (npm ci in tests/browser)")
    # Evaluated through the DevTools protocol, so the page's CSP does not apply.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        "async (tags) => (await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS,
    )


def _describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in violations
        ],
        indent=1,
    )


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_accessibility_violations(journey, chromium, path, screen):
    journey.allowed_statuses.update({400, 404})
    page = journey.new_page(chromium, **SCREENS[screen])
    page.goto(path)
    journey.step(page, path)
    violations = _violations(page)
    assert not violations, _describe(violations)
    journey.check()


def test_the_admin_framework_page_has_no_serious_accessibility_violations(journey, chromium):
    page = journey.new_page(chromium)
    login(page)
    page.goto("/admin/catalogue/framework/?q=flask")
    page.get_by_role("link", name="Flask", exact=True).click()
    page.wait_for_url(re.compile(r"/change/"))
    journey.step(page, "admin framework page")
    # Django's own admin markup is held to serious and critical issues only.
    violations = [v for v in _violations(page) if v["impact"] in ("serious", "critical")]
    assert not violations, _describe(violations)
    journey.check()


def _tab_to(page, selector: str, limit: int = 200) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received the focus by keyboard")


def test_filters_comparison_and_sliders_work_from_the_keyboard(journey, chromium):
    page = journey.new_page(chromium)
    page.goto("/frameworks/")
    _tab_to(page, "details.family-web-pages > summary")
    page.keyboard.press("Enter")  # opens the group
    _tab_to(page, "#has-templating")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"has=templating"))
    journey.step(page, "filter ticked by keyboard")

    page.goto("/compare/django-vs-flask/")
    _tab_to(page, "a[href$='all=1']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"all=1"))
    journey.step(page, "every row by keyboard")

    page.goto("/decide/")
    _tab_to(page, "#w_team")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"w=team:7"))
    assert page.locator("#w_team-value").inner_text() == "7"
    journey.step(page, "slider moved by keyboard")
    journey.check()
