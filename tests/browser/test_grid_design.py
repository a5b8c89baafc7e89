"""The comparison grid and the framework page as people see them (issues 16 and
28): page heights with the curated catalogue, axe at both widths in light and
dark, a comparison that is one grid as wide as a phone with the framework names
in view at every scroll position, cells that link to their sources, footnotes on
a framework page that open without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import AXE_TAGS, _describe, _violations

THREE = "/compare/django-vs-fastapi-vs-flask/"
SIX = "/compare/bottle-vs-django-vs-fastapi-vs-flask-vs-pyramid-vs-sanic/"
DJANGO = "/frameworks/django/"

# The issue's targets ("at most about"), in CSS pixels.
HEIGHTS = [
    (THREE, 1440, 2600),
    (THREE, 375, 9000),
    (SIX, 375, 12000),
    (DJANGO, 1440, 4500),
]


def _open(journey, chromium, path: str, width: int, **options):  # type: ignore[no-untyped-def]
    page = journey.new_page(chromium, viewport={"width": width, "height": 900}, **options)
    page.goto(path)
    return page


@pytest.mark.parametrize(("path", "width", "limit"), HEIGHTS)
def test_pages_stay_within_the_heights_the_issue_sets(journey, chromium, path, width, limit):
    page = _open(journey, chromium, path, width)
    height = page.evaluate("document.documentElement.scrollHeight")
    journey.step(page, f"{path} at {width}")
    assert height <= limit, f"{path} is {height} px tall at {width} px (target {limit})"
    journey.check()


@pytest.mark.parametrize("path", [THREE + "?all=1&base=flask", SIX + "?task=hello-json", DJANGO])
@pytest.mark.parametrize("width", [375, 1440])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_grid_pages_pass_axe_at_both_widths_in_both_themes(journey, chromium, path, width, scheme):
    page = _open(journey, chromium, path, width, color_scheme=scheme)
    violations = _violations(page)
    assert not violations, _describe(violations)
    if path != DJANGO:
        journey.check()
        return  # a comparison's cells link to the framework pages' footnotes
    # An open footnote's card too (on its own: while open it covers the rows below).
    page.locator("details.fn summary").first.click()
    violations = page.evaluate(
        "async (tags) => (await axe.run('details.fn[open] .fn-body', {resultTypes:"
        " ['violations'], runOnly: {type: 'tag', values: tags}})).violations",
        AXE_TAGS,
    )
    assert not violations, _describe(violations)
    journey.check()


@pytest.mark.parametrize("path", [THREE, SIX, DJANGO])
def test_on_a_phone_nothing_scrolls_sideways(journey, chromium, path):
    page = _open(journey, chromium, path, 375)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if path != DJANGO:
        # One grid as wide as the screen: no axis box scrolls on its own.
        scrolls = page.evaluate(
            "[...document.querySelectorAll('details.axis .grid-scroll')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        assert scrolls == 0
    journey.check()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_on_a_phone_a_six_way_comparison_keeps_the_names_in_view_at_every_scroll_position(
    journey, chromium, js
):
    page = _open(journey, chromium, SIX + "?all=1", 375, java_script_enabled=js)
    names = ["Bottle", "Django", "FastAPI", "Flask", "Pyramid", "Sanic"]
    top, bottom = page.evaluate(
        "(() => { const r = document.querySelector('.grid-all').getBoundingClientRect();"
        " return [r.top + scrollY, r.bottom + scrollY]; })()"
    )
    y = top
    while y < bottom - 300:
        page.evaluate(f"window.scrollTo(0, {y})")
        box = page.locator(".grid-names").bounding_box()
        assert box and -1 <= box["y"] <= 1, (y, box)
        text = page.locator(".grid-names").inner_text()
        assert all(name in text.replace("\n", "") for name in names), text
        y += 300
    journey.step(page, "scrolled")
    journey.check()


def test_the_header_row_stays_in_view_while_an_axis_scrolls_by(journey, chromium):
    page = _open(journey, chromium, THREE, 1440)
    header = page.locator("#axis-scope > summary")
    page.evaluate(
        "window.scrollTo(0, document.querySelector('#trait-websockets')"
        ".getBoundingClientRect().top + scrollY - 300)"
    )
    box = header.bounding_box()
    assert 0 <= box["y"] <= 1, box
    assert header.inner_text().count("Django") == 1
    journey.check()


@pytest.mark.parametrize("width", [375, 1440])
def test_a_comparison_cell_opens_its_row_on_the_framework_page(journey, chromium, width):
    page = _open(journey, chromium, THREE, width, java_script_enabled=False)
    page.locator("#trait-orm td").nth(2).locator("a").click()
    page.wait_for_url("**/frameworks/flask/#trait-orm")
    row = page.locator("#trait-orm")
    assert row.is_visible()
    marker = row.locator("details.fn")
    marker.locator("summary").click()
    assert marker.locator("a[href^='http']").count() == 1
    assert marker.locator("time").count() == 1
    journey.check()


def test_a_footnote_opens_its_source_version_date_and_note_without_javascript(journey, chromium):
    page = _open(journey, chromium, DJANGO, 375, java_script_enabled=False)
    cell = page.locator("#trait-orm td").first
    marker = cell.locator("details.fn")
    assert not marker.locator(".fn-body").is_visible()
    marker.locator("summary").click()
    body = marker.locator(".fn-body")
    assert body.is_visible()
    text = body.inner_text()
    assert "Django" in text and "ORM" in text
    assert body.locator("a[href^='http']").count() == 1
    assert body.locator("time").count() == 1
    journey.check()


def test_every_level_is_named_in_the_legend_and_labelled_in_its_cell(journey, chromium):
    page = _open(journey, chromium, THREE, 1440)
    legend = page.locator(".grid-legend").inner_text()
    for label in ("Built-in", "First-party", "Third-party", "Limited", "None", "Yes", "No"):
        assert label in legend
    for css, label in (("level-built-in", "Built-in"), ("level-third-party", "Third-party")):
        cell = page.locator(f"td.{css}").first
        assert cell.locator("a").inner_text().startswith(label)
        assert cell.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    journey.check()
