"""What people do in a real browser: Back after HTMX swaps, the same action from
several fresh browsers against two workers, headings that follow the swaps, a
strict CSP with zero violations, phones at 375 px, link previews on every page
type, no JavaScript-only control without JavaScript, editors seeing their edit."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import login

# Records CSP violations in the page (evaluated through the DevTools protocol,
# so the page's own CSP does not apply to it).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "") + " on " +
    (e.target && e.target.id ? "#" + e.target.id : String(e.target && e.target.nodeName)));
});
"""


STYLED_BY_AN_EXTENSION = """
const styleInputs = () => document.querySelectorAll("#add-framework, #permalink")
  .forEach((input) => { input.style.outlineOffset = "1px"; });
document.addEventListener("DOMContentLoaded", styleInputs);
document.addEventListener("htmx:afterSettle", styleInputs);
"""


def _wait_until(page, expression: str, timeout: float = 15) -> None:  # type: ignore[no-untyped-def]
    """Poll `expression` from here: Playwright's wait_for_function polls with
    eval inside the page, which our CSP (rightly) refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _settled(page) -> None:  # type: ignore[no-untyped-def]
    """No htmx request in flight: leaving a page aborts its requests, which the
    journey counts as failures."""
    _wait_until(page, "!document.querySelector('.htmx-request')")


def _goto(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """Open `path` and let it finish loading (the favicon too)."""
    if page.url.startswith("http"):
        _settled(page)
    page.goto(path)
    page.wait_for_load_state("networkidle")


def _back(page, expected) -> None:  # type: ignore[no-untyped-def]
    """Back to an entry htmx pushed, and wait until htmx has restored it (pressed
    again before that, the slower restore could land last)."""
    _settled(page)
    page.evaluate(
        """() => { window.__restored = false;
          document.addEventListener("htmx:historyRestore",
            () => { window.__restored = true; }, {once: true}); }"""
    )
    page.go_back()
    page.wait_for_url(expected)
    _wait_until(page, "window.__restored === true")


def _full_page(page, heading: str) -> None:  # type: ignore[no-untyped-def]
    """The whole page is there: header, navigation, heading (not a bare fragment)."""
    assert page.locator("header.site-header").count() == 1, page.content()[:300]
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == heading
    assert page.locator("footer.site-footer").count() == 1


def _violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate("window.__cspViolations || []")


def test_back_twice_after_two_filter_changes_shows_the_full_catalogue(journey, chromium):
    page = journey.new_page(chromium)
    _goto(page, "/frameworks/")
    page.get_by_label("Async framework").check()
    page.wait_for_url(re.compile(r"kind=async"))
    page.locator("#interface-asgi").check()
    page.wait_for_url(re.compile(r"kind=async.*interface=asgi"))
    journey.step(page, "two filters")

    _back(page, lambda url: "kind=async" in url and "interface" not in url)
    journey.step(page, "back once")
    _full_page(page, "Python web frameworks")
    assert page.get_by_label("Async framework").is_checked()
    assert not page.locator("#interface-asgi").is_checked()

    _back(page, re.compile(r"/frameworks/$"))
    journey.step(page, "back twice")
    _full_page(page, "Python web frameworks")
    assert not page.get_by_label("Async framework").is_checked()
    assert page.locator(".result").count() >= 13
    journey.check()


def test_back_from_a_framework_page_after_two_filter_changes_shows_full_pages(journey, chromium):
    page = journey.new_page(chromium)
    _goto(page, "/frameworks/")
    page.get_by_label("Async framework").check()
    page.wait_for_url(re.compile(r"kind=async"))
    page.locator("#interface-asgi").check()
    page.wait_for_url(re.compile(r"interface=asgi"))
    page.get_by_role("link", name="FastAPI", exact=True).click()
    page.wait_for_url(re.compile(r"/frameworks/fastapi/$"))
    page.wait_for_load_state("networkidle")
    for expected in ("interface=asgi", "kind=async", "/frameworks/"):
        page.go_back()
        page.wait_for_url(re.compile(re.escape(expected)))
        page.wait_for_load_state()
        journey.step(page, f"back to {expected}")
        _full_page(page, "Python web frameworks")
    assert page.url.endswith("/frameworks/")
    journey.check()


def test_back_twice_after_add_and_remove_on_a_comparison_shows_the_full_page(journey, chromium):
    page = journey.new_page(chromium)
    _goto(page, "/compare/flask-vs-quart/")
    page.get_by_label("Add a framework").fill("sanic")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(re.compile(r"/compare/flask-vs-quart-vs-sanic/$"))
    page.get_by_role("link", name="Remove Flask from the comparison").click()
    page.wait_for_url(re.compile(r"/compare/quart-vs-sanic/$"))
    journey.step(page, "added then removed")

    _back(page, re.compile(r"/compare/flask-vs-quart-vs-sanic/$"))
    journey.step(page, "back once")
    _full_page(page, "Flask vs Quart vs Sanic")
    assert page.locator("#axis-scope table.compare-table thead th").count() == 4

    _back(page, re.compile(r"/compare/flask-vs-quart/$"))
    journey.step(page, "back twice")
    _full_page(page, "Flask vs Quart")
    assert page.title().startswith("Flask vs Quart:")
    journey.check()


def test_back_twice_after_baseline_and_every_row_shows_the_full_comparison(journey, chromium):
    page = journey.new_page(chromium)
    _goto(page, "/compare/django-vs-flask/")
    page.get_by_role("link", name="Set as baseline").first.click()
    page.wait_for_url(re.compile(r"\?base=django$"))
    page.get_by_role("link", name=re.compile(r"^Show all \d+ rows$")).click()
    page.wait_for_url(re.compile(r"base=django&all=1$"))
    for expected in (r"\?base=django$", r"/django-vs-flask/$"):
        _back(page, re.compile(expected))
        journey.step(page, f"back to {expected}")
        _full_page(page, "Django vs Flask")
        assert page.get_by_label("Add a framework").is_visible()
    journey.check()


def test_back_twice_after_two_weight_changes_shows_the_full_decision_matrix(journey, chromium):
    page = journey.new_page(chromium)
    _goto(page, "/decide/")
    page.locator("#w_team").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"w=team:6"))
    page.locator("#w_performance").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"performance:4"))
    _back(page, lambda url: "team:6" in url and "performance" not in url)
    _full_page(page, "Decision matrix")
    assert page.locator("#w_team").input_value() == "6"
    _back(page, re.compile(r"/decide/$"))
    journey.step(page, "back twice")
    _full_page(page, "Decision matrix")
    assert page.locator("#w_team").input_value() == "5"
    journey.check()


def test_the_same_add_from_several_fresh_browsers_always_shows_the_three_way_comparison(
    journey, chromium
):
    cache_states = []
    for attempt in range(4):
        page = journey.new_page(chromium)
        page.on(
            "response",
            lambda r: "add=" in r.url and cache_states.append(r.headers.get("x-cache")),
        )
        _goto(page, "/compare/flask-vs-quart/")
        page.get_by_label("Add a framework").fill("sanic")
        page.get_by_role("button", name="Add").click()
        page.wait_for_url(re.compile(r"/compare/flask-vs-quart-vs-sanic/$"))
        page.locator("h1", has_text="Sanic").wait_for()
        journey.step(page, f"browser {attempt + 1}")
        headers = page.locator("#axis-scope table.compare-table thead th").all_inner_texts()
        assert len(headers) == 4, headers
        assert page.locator("h1").inner_text() == "Flask vs Quart vs Sanic"
        assert page.title().startswith("Flask vs Quart vs Sanic:")
    # Two workers, four adds: the page cache answered at least twice.
    assert cache_states.count("hit") >= 2, cache_states
    journey.check()


def test_heading_and_title_follow_add_and_remove(journey, chromium):
    page = journey.new_page(chromium)
    _goto(page, "/compare/django-vs-flask/?all=1")
    page.get_by_label("Add a framework").fill("bottle")
    page.get_by_label("Add a framework").press("Enter")
    page.wait_for_url(re.compile(r"/compare/bottle-vs-django-vs-flask/\?all=1$"))
    page.locator("h1", has_text="Bottle").wait_for()
    assert page.locator("h1").inner_text() == "Bottle vs Django vs Flask"
    assert page.title().startswith("Bottle vs Django vs Flask:")
    journey.step(page, "added")
    page.get_by_role("link", name="Remove Django from the comparison").click()
    page.wait_for_url(re.compile(r"/compare/bottle-vs-flask/\?all=1$"))
    _wait_until(page, "document.title.startsWith('Bottle vs Flask:')")
    assert page.locator("h1").inner_text() == "Bottle vs Flask"
    journey.step(page, "removed")
    _settled(page)
    page.get_by_role("link", name="Remove Bottle from the comparison").click()
    page.wait_for_url(re.compile(r"/frameworks/flask/$"))
    page.wait_for_load_state("networkidle")
    journey.step(page, "one left: its own page")
    _full_page(page, "Flask")
    journey.check()


def test_no_console_errors_or_csp_violations_through_baseline_diff_add_remove(journey, chromium):
    page = journey.new_page(chromium)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    # Browser extensions (password managers, spell checkers) give inputs a style
    # attribute through the CSSOM, which the CSP allows; a swap must not copy it
    # back with setAttribute, which the CSP refuses.
    page.add_init_script(STYLED_BY_AN_EXTENSION)
    _goto(page, "/compare/flask-vs-quart/")
    page.get_by_role("link", name="Set as baseline").first.click()
    page.wait_for_url(re.compile(r"base=flask"))
    page.get_by_role("link", name=re.compile(r"^Show all \d+ rows$")).click()
    page.wait_for_url(re.compile(r"all=1"))
    page.get_by_label("Add a framework").click()
    page.keyboard.type("sanic")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"flask-vs-quart-vs-sanic"))
    page.locator("#permalink").click()
    page.get_by_role("button", name="Copy").click()
    page.get_by_role("link", name="Remove Quart from the comparison").click()
    page.wait_for_url(re.compile(r"/compare/flask-vs-sanic/"))
    page.wait_for_timeout(300)  # let the swap settle
    journey.step(page, "after baseline, diff, add, remove")
    assert _violations(page) == []

    _goto(page, "/frameworks/")
    page.get_by_label("Micro-framework").check()
    page.wait_for_url(re.compile(r"kind=micro"))
    _goto(page, "/decide/")
    page.locator("#w_team").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"w=team:6"))
    page.wait_for_timeout(300)
    journey.step(page, "filters and sliders")
    assert _violations(page) == []
    journey.check()


PAGE_TYPES = [
    "/",
    "/frameworks/",
    "/frameworks/?kind=async&has=websockets",
    "/frameworks/django/",
    "/frameworks/dash/",
    "/compare/",
    "/compare/django-vs-flask/",
    "/compare/bottle-vs-dash-vs-django-vs-fastapi-vs-flask-vs-tornado/?all=1&base=flask",
    "/frameworks/?q=real-time+dashboard",
    "/compare/django-vs-fastapi-vs-flask/?task=hello-json",
    "/scenarios/",
    "/scenarios/chat-service/",
    "/decide/?scenario=chat-service",
    "/changes/",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_horizontal_overflow_on_a_375_px_phone(journey, chromium, path):
    page = journey.new_page(chromium, viewport={"width": 375, "height": 800})
    _goto(page, path)
    journey.step(page, path)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """[...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > 376)
             .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    assert width <= 375, (width, wide)
    journey.check()


PREVIEWS = [
    ("/", "/"),
    ("/frameworks/", "/frameworks/"),
    (
        "/frameworks/?utm_source=x&kind=async&has=websockets",
        "/frameworks/?kind=async&has=websockets",
    ),
    ("/frameworks/django/", "/frameworks/django/"),
    ("/compare/", "/compare/"),
    ("/compare/django-vs-flask/?all=1", "/compare/django-vs-flask/?all=1"),
    ("/scenarios/", "/scenarios/"),
    ("/scenarios/chat-service/", "/scenarios/chat-service/"),
    ("/decide/?scenario=chat-service&w=team:9", "/decide/?scenario=chat-service&w=team:9"),
    ("/changes/", "/changes/"),
]


def _meta(page, attribute: str, name: str) -> str:  # type: ignore[no-untyped-def]
    locator = page.locator(f'meta[{attribute}="{name}"]')
    assert locator.count() == 1, f"{name} missing"
    return locator.get_attribute("content") or ""


@pytest.mark.parametrize(("path", "shared"), PREVIEWS)
def test_every_page_type_has_a_link_preview_that_keeps_its_state(
    journey, chromium, app, path, shared
):
    page = journey.new_page(chromium)
    _goto(page, path)
    url = _meta(page, "property", "og:url")
    assert url == app + shared
    assert page.locator('link[rel="canonical"]').get_attribute("href") == url
    for name in ("og:title", "og:description", "og:image:alt"):
        assert _meta(page, "property", name).strip(), name
    for name in ("twitter:title", "twitter:description", "twitter:image:alt"):
        assert _meta(page, "name", name).strip(), name
    assert _meta(page, "name", "twitter:card") == "summary_large_image"
    image = _meta(page, "property", "og:image")
    assert image == _meta(page, "name", "twitter:image")
    assert image.startswith(app + "/")
    response = page.request.get(image)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    journey.check()


def test_without_javascript_no_javascript_only_control_is_visible(journey, chromium):
    page = journey.new_page(chromium, java_script_enabled=False)
    _goto(page, "/compare/django-vs-flask/")
    journey.step(page, "comparison without javascript")
    # Copy the permalink, copy the embed code: both buttons wait for JavaScript.
    assert page.locator("[data-copy]").count() == 2
    assert page.locator("[data-copy]:visible").count() == 0
    assert page.locator("#permalink").is_visible()  # the link itself, to copy by hand
    page.locator("details.embed summary").click()
    assert page.locator("#embed-code").is_visible()  # the embed code, to copy by hand
    assert page.locator("[data-copy]:visible").count() == 0
    for path in ("/", "/frameworks/", "/decide/", "/compare/"):
        _goto(page, path)
        assert page.locator("[data-copy]:visible").count() == 0, path
    journey.check()


def test_bare_compare_lets_people_pick_frameworks_without_javascript(journey, chromium):
    page = journey.new_page(chromium, java_script_enabled=False)
    _goto(page, "/compare/")
    journey.step(page, "pick page")
    page.get_by_label("Flask", exact=True).check()
    page.get_by_label("Django", exact=True).check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare/django-vs-flask/$"))
    assert page.locator("h1").inner_text() == "Django vs Flask"
    journey.step(page, "comparison")
    journey.check()


def test_an_editor_sees_their_saved_edit_on_a_page_they_had_open(journey, chromium):
    page = journey.new_page(chromium)
    # Seen before signing in: the browser keeps the public copy for a minute.
    _goto(page, "/frameworks/pyramid/")
    seen = page.locator("#trait-admin").inner_text()
    assert "Limited" not in seen
    login(page)
    _goto(page, "/frameworks/pyramid/")
    assert page.locator("#trait-admin").inner_text() == seen
    _goto(page, "/admin/catalogue/traitvalue/?q=Pyramid+Admin+interface")
    page.locator("#result_list tbody tr", has_text="Admin interface").first.get_by_role(
        "link", name="Pyramid"
    ).click()
    page.wait_for_url(re.compile(r"/admin/catalogue/traitvalue/\d+/change/"))
    page.get_by_label("Value").fill("limited")
    page.get_by_label("Note").fill("Seen at once by the editor who saved it.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/catalogue/traitvalue/(\?.*)?$"))
    _goto(page, "/frameworks/pyramid/")
    journey.step(page, "public page after the edit")
    row = page.locator("#trait-admin").inner_text()
    assert "Limited" in row
    assert "Seen at once by the editor who saved it." in row
    journey.check()
