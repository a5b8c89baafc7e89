"""A visitor reports a wrong value with JavaScript (the form opens in place) and
another without (a page, then a redirect to the confirmation); an editor accepts
one from the queue through the value's own form and rejects the other; the value
changes with history naming the report, and each status link shows what happened."""

from __future__ import annotations

import re
import time

from tests.browser.conftest import login
from tests.browser.test_accessibility import _violations

STATUS_LINK = re.compile(r"/reports/[A-Za-z0-9_-]{30,}/$")


def _open_value(page, trait: str) -> None:  # type: ignore[no-untyped-def]
    details = page.locator(f"#trait-{trait} details.fn").first
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def _fill(page, level: str, explanation: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("The value is wrong").check()
    page.get_by_label("Suggested value").select_option(label=level)
    page.get_by_label("Source for it (optional)").fill("https://example.org/flask-orm")
    page.get_by_label("Explanation (optional)").fill(explanation)
    # People take a moment to read the form; under 2 seconds is refused as a bot.
    # (time.sleep: the page may have JavaScript off, and Playwright's own wait
    # runs a timer in the page.)
    time.sleep(2.2)


def test_report_accept_and_reject_journey(journey, chromium):
    # With JavaScript: the form opens in place, inside the value's detail.
    visitor = journey.new_page(chromium)
    visitor.goto("/frameworks/flask/")
    _open_value(visitor, "orm")
    visitor.locator("#trait-orm .report-link").click()
    form = visitor.locator("form#report-flask-orm")
    form.wait_for()
    assert visitor.url.endswith("/frameworks/flask/")  # still on the framework page
    journey.step(visitor, "report form opened in place")
    _fill(visitor, "Built-in", "Reported with <b>JavaScript</b>.")
    form.get_by_role("button", name="Send the report").click()
    link = visitor.locator("a.status-link")
    link.wait_for()
    status_url = link.get_attribute("href")
    assert STATUS_LINK.search(status_url)
    journey.step(visitor, "confirmation in place")

    # Without JavaScript: a page of its own, then Post/Redirect/Get.
    plain = journey.new_page(chromium, java_script_enabled=False)
    plain.goto("/frameworks/flask/")
    _open_value(plain, "templating")
    plain.locator("#trait-templating .report-link").click()
    plain.wait_for_url("**/report/flask/templating/")
    journey.step(plain, "report form as a page")
    _fill(plain, "Third-party", "Reported without JavaScript.")
    plain.get_by_role("button", name="Send the report").click()
    plain.wait_for_url(re.compile(r"/reports/[A-Za-z0-9_-]+/sent/$"))
    plain_status = plain.locator("a.status-link").get_attribute("href")
    assert STATUS_LINK.search(plain_status)
    journey.step(plain, "confirmation page")

    # The editor: the queue, oldest first; accept the first through the value's form.
    editor = journey.new_page(chromium)
    login(editor)
    assert "2 pending" in editor.locator("#reports-pending").inner_text()
    editor.locator("#reports-pending a").click()
    editor.wait_for_url("**/admin/reports/report/")
    rows = editor.locator("#result_list tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    assert "JavaScript" in rows.first.inner_text()
    journey.step(editor, "the queue")
    rows.first.get_by_role("link").first.click()
    editor.wait_for_url(re.compile(r"/admin/reports/report/\d+/triage/$"))
    journey.step(editor, "triage page")
    editor.get_by_role("link", name=re.compile("Accept")).click()
    editor.wait_for_url(re.compile(r"/admin/catalogue/traitvalue/\d+/change/\?report=\d+"))
    assert editor.locator("#id_value").input_value() == "built-in"
    journey.step(editor, "value form prefilled")
    editor.get_by_role("button", name="Save", exact=True).click()
    editor.wait_for_url("**/admin/reports/report/")
    assert "accepted" in editor.locator(".messagelist").inner_text()

    # Reject the other with a reason.
    editor.locator("#result_list tbody tr").first.get_by_role("link").first.click()
    editor.wait_for_url(re.compile(r"/admin/reports/report/\d+/triage/$"))
    editor.get_by_label("Reason (shown to the reporter)").fill("The docs name no such add-on.")
    editor.get_by_role("button", name="Reject with this reason").click()
    editor.wait_for_url("**/admin/reports/report/")
    journey.step(editor, "both triaged")

    # The value changed (the editor sees the current page), history names the report.
    editor.goto("/frameworks/flask/")
    assert "Built-in" in editor.locator("#trait-orm").inner_text()
    editor.goto("/changes/?framework=flask")
    assert re.search(r"Visitor report #\d+", editor.locator("table.changes").inner_text())
    journey.step(editor, "changes name the report")

    # Each reporter's status link shows what happened.
    visitor.goto(plain.url)  # the confirmation page, with JavaScript (axe runs in the page)
    assert not _violations(visitor)
    visitor.goto(status_url)
    text = visitor.locator("main").inner_text()
    assert "Accepted" in text and "Built-in" in text
    assert not _violations(visitor)
    journey.step(visitor, "status: accepted")
    plain.goto(plain_status)
    text = plain.locator("main").inner_text()
    assert "Rejected" in text and "The docs name no such add-on." in text
    journey.step(plain, "status: rejected")
    journey.check()
