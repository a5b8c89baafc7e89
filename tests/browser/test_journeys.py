"""People using Framewise in a real browser: a visitor with and without
JavaScript, and editors (including two editing the same framework)."""

from __future__ import annotations

import re

from tests.browser.conftest import login

COMPARE_URL = re.compile(r"/compare/[a-z0-9-]+-vs-[a-z0-9-]+-vs-[a-z0-9-]+/$")


def _open(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Open a <details> by clicking its summary, unless it is open already."""
    details = page.locator(selector)
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def _table_text(page) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(page.locator("table.compare-table").all_inner_texts())


def test_visitor_journey_with_javascript(journey, chromium):
    page = journey.new_page(chromium)
    page.goto("/")
    journey.step(page, "home")

    page.get_by_label("Search frameworks").fill("a")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/frameworks/?q=a")
    journey.step(page, "search results")

    _open(page, "details.family-web-pages")
    page.get_by_label("WebSockets").check()
    page.wait_for_url(re.compile(r"has=websockets"))
    page.get_by_label("Server-side templates").check()
    page.wait_for_url(re.compile(r"has=websockets.*has=templating|has=templating.*has=websockets"))
    journey.step(page, "filtered by two traits")
    picks = page.locator("input[name=fw]")
    assert picks.count() >= 3, "the two filters should leave at least three frameworks"
    for i in range(3):
        picks.nth(i).check()
    page.get_by_role("button", name="Compare 3").click()
    page.wait_for_url(COMPARE_URL)
    journey.step(page, "comparison")

    page.get_by_role("link", name=re.compile(r"^Show all \d+ rows$")).click()
    page.wait_for_url(re.compile(r"\?all=1$"))
    page.get_by_role("link", name="Set as baseline").first.click()
    page.wait_for_url(re.compile(r"all=1&base=[a-z]"))
    assert page.locator("td.vs-better, td.vs-worse, td.vs-same").count() > 0
    journey.step(page, "every row with a baseline")

    page.get_by_role("button", name="Copy").click()
    permalink = page.input_value("#permalink")
    assert permalink == page.url
    colleague = journey.new_page(chromium)
    colleague.goto(permalink)
    assert _table_text(colleague) == _table_text(page)
    journey.step(colleague, "permalink in a fresh browser")

    page.goto("/scenarios/")
    page.get_by_role("link", name="Real-time analytics dashboard").click()
    page.get_by_role("link", name="Adjust the weights in the decision matrix").click()
    page.wait_for_url("**/decide/?scenario=realtime-analytics-dashboard")
    journey.step(page, "decision matrix from a scenario")
    first_before = page.locator(".rank-name").first.inner_text()
    page.locator("#w_team").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"w=team:6"))
    _open(page, "details.musts")
    page.locator("#must-static-files").check()
    page.wait_for_url(re.compile(r"must=.*static-files"))
    assert page.locator(".rank-name").first.inner_text()
    journey.step(page, "slider moved and a must-have added")
    assert first_before  # the ranking was there before the changes too

    with page.expect_download() as download:
        page.get_by_role("link", name="Decision record (Markdown)").click()
    adr = download.value.path().read_text()
    assert adr.startswith("# ADR: Choice of Python web framework")
    assert "Static file serving" in adr
    journey.check()



def test_a_visitor_asks_for_built_in_websockets_with_and_without_javascript(journey, chromium):
    for javascript in (True, False):
        page = journey.new_page(chromium, java_script_enabled=javascript)
        page.goto("/frameworks/")
        page.locator("#has-websockets").check()
        if not javascript:
            page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"has=websockets"))
        page.locator("select[name=level_websockets]").select_option("built-in")
        if not javascript:
            page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"has=websockets%3Abuilt-in"))
        results = page.locator("#results").inner_text()
        assert "WebSockets: built-in" in results
        assert "first-party add-on (Channels)" not in results
        journey.step(page, f"built-in websockets, javascript {'on' if javascript else 'off'}")


def test_visitor_journey_without_javascript(journey, chromium):
    page = journey.new_page(chromium, java_script_enabled=False)
    page.goto("/")
    page.get_by_label("Search frameworks").fill("a")
    page.get_by_label("Search frameworks").press("Enter")
    page.wait_for_url("**/frameworks/?q=a")
    _open(page, "details.family-web-pages")
    page.get_by_label("WebSockets").check()
    page.get_by_label("Server-side templates").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"has=(templating&has=websockets|websockets&has=templating)"))
    journey.step(page, "filtered without javascript")
    picks = page.locator("input[name=fw]")
    for i in range(3):
        picks.nth(i).check()
    page.get_by_role("button", name="Compare ticked frameworks").click()
    page.wait_for_url(COMPARE_URL)
    page.get_by_role("link", name=re.compile(r"^Show all \d+ rows$")).click()
    page.wait_for_url(re.compile(r"\?all=1$"))
    page.get_by_role("link", name="Set as baseline").first.click()
    page.wait_for_url(re.compile(r"all=1&base=[a-z]"))
    journey.step(page, "comparison without javascript")
    permalink = page.input_value("#permalink")
    assert permalink == page.url
    colleague = journey.new_page(chromium, java_script_enabled=False)
    colleague.goto(permalink)
    assert _table_text(colleague) == _table_text(page)

    page.goto("/scenarios/chat-service/")
    page.get_by_role("link", name="Adjust the weights in the decision matrix").click()
    page.wait_for_url("**/decide/?scenario=chat-service")
    page.locator("#w_team").focus()
    page.keyboard.press("ArrowRight")
    _open(page, "details.musts")
    page.locator("#must-static-files").check()
    page.get_by_role("button", name="Update ranking").click()
    page.wait_for_url(re.compile(r"/decide/\?scenario=chat-service&w=team:\d+&must="))
    journey.step(page, "decision without javascript")
    with page.expect_download() as download:
        page.get_by_role("link", name="Decision record (Markdown)").click()
    assert download.value.path().read_text().startswith("# ADR:")
    journey.check()


def _open_value(page, framework: str, trait: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/admin/catalogue/traitvalue/?q={framework}+{trait}")
    page.locator("#result_list tbody tr", has_text=trait).first.get_by_role(
        "link", name=framework
    ).click()
    page.wait_for_url(re.compile(r"/admin/catalogue/traitvalue/\d+/change/"))


def test_editor_edits_a_value_and_sees_it_on_the_public_page_at_once(journey, chromium):
    page = journey.new_page(chromium)
    login(page)
    journey.step(page, "logged in")
    _open_value(page, "Quart", "Admin interface")
    page.get_by_label("Value").fill("first-party")
    page.get_by_label("Note").fill("Checked in the browser journey.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/catalogue/traitvalue/(\?.*)?$"))
    journey.step(page, "saved")
    page.goto("/frameworks/quart/")
    row = page.locator("#trait-admin")
    assert "First-party" in row.inner_text()
    assert "Checked in the browser journey." in row.inner_text()
    journey.step(page, "public page shows the edit")
    journey.check()


def test_two_editors_on_one_framework_the_second_save_is_refused_and_kept(journey, chromium):
    first = journey.new_page(chromium)
    second = journey.new_page(chromium)
    login(first)
    login(second)
    first.goto("/admin/catalogue/framework/?q=bottle")
    first.get_by_role("link", name="Bottle", exact=True).click()
    first.wait_for_url(re.compile(r"/admin/catalogue/framework/\d+/change/"))
    second.goto(first.url)
    first.get_by_label("Summary").fill("First editor's summary.")
    second.get_by_label("Summary").fill("Second editor's summary.")
    first.get_by_role("button", name="Save", exact=True).click()
    first.wait_for_url(re.compile(r"/admin/catalogue/framework/(\?.*)?$"))
    second.get_by_role("button", name="Save", exact=True).click()
    second.wait_for_load_state()
    journey.step(second, "second save refused")
    assert "Someone else saved this while you were editing" in second.content()
    assert second.get_by_label("Summary").input_value() == "Second editor's summary."
    journey.check()
