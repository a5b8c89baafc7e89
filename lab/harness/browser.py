"""The data-app check in a real browser: Debian's Chromium driven by Playwright.

Every data-app sample draws a Plotly bar chart titled with the chosen city, and a
dropdown labelled "City" picks the city. Frameworks render both differently (a
native <select>, a React or Svelte combobox, a Quasar menu, Bokeh's shadow DOM), so
the check looks for what a person sees: the chart's title and bars, and the choice,
with Playwright locators, which see into shadow roots.
"""

from __future__ import annotations

import re

from lab.harness.checks import CheckFailed, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
TITLE = ".js-plotly-plot .gtitle"
# Noise some frameworks log on their own (no favicon, a websocket reconnect); not the sample's.
IGNORED = ("favicon.ico", "Failed to load resource: the server responded with a status of 404")


def _title(page, city: str):
    """The chart title that reads exactly ``city`` (the text may sit in nested <tspan>s)."""
    return page.locator(TITLE).filter(has_text=re.compile(f"^{re.escape(city)}$")).first


def _choose(page, city: str) -> None:
    """Pick ``city`` in the "City" dropdown, whatever widget the framework drew."""
    native = page.locator("select:has(option)").filter(has_text=city)
    if native.count():
        native.first.select_option(label=city)
        return
    box = page.locator("#city")
    if not box.count():
        box = page.get_by_role("combobox").or_(page.get_by_label("City", exact=True))
    box.first.click()
    page.get_by_role("option", name=city, exact=True).first.click()


def check_chart(base: str) -> None:
    """The page draws a chart for the first city; choosing another city redraws it."""
    from playwright.sync_api import Error, sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
            page.on("console", lambda msg: problems.append(f"console: {msg.text}")
                    if msg.type == "error" and not any(i in msg.text for i in IGNORED)
                    else None)
            page.goto(base + "/", wait_until="networkidle")
            # Locators, not document.querySelector: they also see into shadow roots.
            _title(page, "Montréal").wait_for(state="attached", timeout=20000)
            _choose(page, "Lisbon")
            _title(page, "Lisbon").wait_for(state="attached", timeout=15000)
            bars = page.locator(".js-plotly-plot .bars .point").count()
            expect(bars == 12, f"the Lisbon chart has {bars} bars, expected 12")
        except Error as exc:
            raise CheckFailed(f"browser: {exc.message.splitlines()[0]}") from exc
        finally:
            browser.close()
    expect(not problems, "; ".join(problems))
