"""A newcomer's first steps in a real browser (issue 28), at 375 and 1440 px,
with and without JavaScript: search that answers, picking that cannot fail."""

from __future__ import annotations

import re

import pytest

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1440, "height": 900}
SCREENS = {"375": PHONE, "1440": DESKTOP}


def _open(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_searching_a_name_and_a_use_case_answers(journey, chromium, screen, js):
    page = journey.new_page(chromium, viewport=SCREENS[screen], java_script_enabled=js)
    _open(page, "/frameworks/?q=Flask")
    first = page.locator(".result-list .result h3").first
    assert first.inner_text() == "Flask"
    _open(page, "/frameworks/?q=real-time+dashboard")
    offer = page.locator(".scenario-offers a").first
    assert "Real-time analytics dashboard" in offer.inner_text()
    assert offer.bounding_box()["y"] < page.locator(".result-list").bounding_box()["y"]
    journey.step(page, "use case")
    _open(page, "/frameworks/?q=native+websockets+and+an+orm")
    assert page.locator("#has-websockets").is_checked()
    assert page.locator("#has-orm").is_checked()
    assert "ORM built in or first-party" in page.locator("#understood").inner_text()
    journey.check()


def test_typing_a_question_ticks_its_filters(journey, chromium):
    page = journey.new_page(chromium, viewport=DESKTOP)
    _open(page, "/frameworks/")
    page.locator("#id_q").press_sequentially("websockets orm")
    page.wait_for_url(re.compile(r"q=websockets"))
    page.locator("#understood").wait_for()
    assert page.locator("#has-orm").is_checked()
    assert page.locator("#has-websockets").is_checked()
    journey.check()


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_a_seventh_tick_is_disabled_with_a_message(journey, chromium, screen):
    page = journey.new_page(chromium, viewport=SCREENS[screen])
    _open(page, "/compare/")
    boxes = page.locator("input[name=fw]")
    for i in range(6):
        boxes.nth(i).check()
    seventh = boxes.nth(6)
    assert seventh.is_disabled()
    assert "Six ticked" in page.locator("[data-pick-status]").inner_text()
    boxes.nth(0).uncheck()
    assert seventh.is_enabled()
    journey.step(page, "six ticked")
    journey.check()


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_seven_ticks_without_javascript_come_back_to_the_picker_ticked(journey, chromium, screen):
    page = journey.new_page(chromium, viewport=SCREENS[screen], java_script_enabled=False)
    _open(page, "/compare/")
    boxes = page.locator("input[name=fw]")
    for i in range(7):
        boxes.nth(i).check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Compare frameworks"
    assert "at most 6" in page.locator("#pick-problem").inner_text()
    assert page.locator("input[name=fw]:checked").count() == 7
    journey.check()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_add_accepts_a_name_with_a_space_and_says_when_nothing_matches(journey, chromium, js):
    page = journey.new_page(chromium, viewport=PHONE, java_script_enabled=js)
    _open(page, "/compare/django-vs-flask/")
    page.locator("#add-framework").fill("Django Ninja")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(r"/compare/django-vs-django-ninja-vs-flask/"))
    page.locator("h1", has_text="Django Ninja").wait_for()
    page.locator("#add-framework").fill("fastapy")
    page.get_by_role("button", name="Add", exact=True).click()
    problem = page.locator("#add-problem")
    problem.wait_for()
    assert "fastapy" in problem.inner_text()
    problem.get_by_role("link", name="FastAPI").click()
    page.wait_for_url(re.compile(r"django-vs-django-ninja-vs-fastapi-vs-flask/"))
    journey.check()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_ticks_survive_paging_the_catalogue(journey, chromium, screen, js):
    # Without JavaScript the paging buttons submit the ticks with the page number,
    # so the selection lives in the URL either way (issue 28).
    page = journey.new_page(chromium, viewport=SCREENS[screen], java_script_enabled=js)
    _open(page, "/frameworks/")
    page.locator("#pick-django").check()
    page.locator("#pick-flask").check()
    if js:
        assert "fw=django" in page.url
    page.get_by_role("button", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    page.locator("input[type=checkbox][name=fw]").first.wait_for()
    assert "fw=django" in page.url and "fw=flask" in page.url
    assert "2 on other pages" in page.locator("#pick-status").inner_text() or js
    page.locator("input[type=checkbox][name=fw]").first.check()
    page.get_by_role("button", name="← Previous").click()
    page.wait_for_function("() => !location.search.includes('page=2')")
    page.locator("#pick-django").wait_for()
    assert page.locator("#pick-django").is_checked()
    assert page.locator("#pick-flask").is_checked()
    page.locator("[data-compare-button]").click()
    page.wait_for_url(re.compile(r"/compare/.*django-vs-flask"))
    assert page.locator("h1").inner_text().count(" vs ") == 2
    journey.check()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_paging_a_filtered_catalogue_keeps_the_filters_and_the_ticks(journey, chromium, js):
    page = journey.new_page(chromium, viewport=DESKTOP, java_script_enabled=js)
    _open(page, "/frameworks/?interface=asgi&sort=name")
    box = page.locator("input[type=checkbox][name=fw]").first
    slug = box.get_attribute("value")
    box.check()
    page.get_by_role("button", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "interface=asgi" in page.url and "sort=name" in page.url
    assert f"fw={slug}" in page.url
    journey.check()
