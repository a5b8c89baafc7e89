"""The data-app check in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

from lab.harness.checks import CheckFailed, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]


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
                    if msg.type == "error" else None)
            page.goto(base + "/", wait_until="networkidle")
            title = page.locator("#chart .gtitle")
            title.wait_for(timeout=15000)
            expect(title.text_content() == "Montréal",
                   f"chart title is {title.text_content()!r}, expected 'Montréal'")
            page.locator("#city").click()
            page.get_by_role("option", name="Lisbon").click()
            page.wait_for_function(
                "() => document.querySelector('#chart .gtitle')?.textContent === 'Lisbon'",
                timeout=15000,
            )
            bars = page.locator("#chart .bars .point").count()
            expect(bars == 12, f"the Lisbon chart has {bars} bars, expected 12")
        except Error as exc:
            raise CheckFailed(f"browser: {exc.message.splitlines()[0]}") from exc
        finally:
            browser.close()
    expect(not problems, "; ".join(problems))
