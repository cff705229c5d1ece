"""The HTML rendering opened in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from journeymap.model import JourneyMap
from journeymap.render import render_html
from tests.render.pixels import distinct_colours

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


@dataclass
class Opened:
    page: Page
    problems: list[str] = field(default_factory=list)
    """Console errors, page errors and network requests seen while loading."""


def _open(browser: Browser, html: str, *, width: int = 1280, script: bool = True) -> Opened:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=script
    )
    opened = Opened(context.new_page())
    problems = opened.problems
    opened.page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.page.on("pageerror", lambda error: problems.append(str(error)))
    opened.page.on(
        "request",
        lambda r: problems.append(f"network: {r.url}") if r.url != "about:blank" else None,
    )
    opened.page.set_content(html, wait_until="load")
    return opened


@pytest.fixture
def full_opened(browser: Browser, full_map: JourneyMap) -> Iterator[Opened]:
    opened = _open(browser, render_html(full_map))
    yield opened
    opened.page.context.close()


@pytest.fixture
def full_page(full_opened: Opened) -> Page:
    return full_opened.page


def test_no_console_errors_and_no_requests(full_opened: Opened) -> None:
    full_opened.page.wait_for_timeout(100)
    assert full_opened.problems == []


def test_emotion_curve_has_one_path_per_persona(full_page: Page, full_map: JourneyMap) -> None:
    paths = full_page.locator("svg.jm-curve path.emotion-line")
    assert paths.count() == len(full_map.personas)
    personas = {paths.nth(n).get_attribute("data-persona") for n in range(paths.count())}
    assert personas == {p.id for p in full_map.personas}
    box = paths.first.bounding_box()
    assert box is not None
    assert box["width"] > 300


def test_every_stage_name_is_visible(full_page: Page, full_map: JourneyMap) -> None:
    for stage in full_map.stages:
        assert full_page.locator(".jm-stage-name", has_text=stage.name).first.is_visible()


def test_screenshot_is_not_blank(full_page: Page) -> None:
    shot = full_page.screenshot(full_page=True)
    assert distinct_colours(shot) >= 16


def test_language_switch_changes_built_in_labels(full_page: Page) -> None:
    barriers = full_page.locator('tr[data-lane="barriers"] th.jm-lane')
    assert barriers.inner_text().strip() == "Barriers"
    full_page.locator('button[data-set-lang="ru"]').click()
    assert barriers.inner_text().strip() == "Барьеры"
    assert full_page.locator(".jm-map").get_attribute("lang") == "ru"
    assert full_page.locator('button[data-set-lang="ru"]').get_attribute("aria-pressed") == "true"
    full_page.locator('button[data-set-lang="en"]').click()
    assert barriers.inner_text().strip() == "Barriers"


def test_page_works_without_javascript(browser: Browser, russian_map: JourneyMap) -> None:
    page = _open(browser, render_html(russian_map), script=False).page
    try:
        assert page.locator('tr[data-lane="barriers"] th.jm-lane').inner_text().strip() == "Барьеры"
        assert not page.locator(".jm-lang-switch").is_visible()
        assert page.locator("svg.jm-curve path.emotion-line").count() == 2
    finally:
        page.context.close()


def test_phone_scrolls_the_grid_under_a_sticky_lane_column(
    browser: Browser, full_map: JourneyMap
) -> None:
    page = _open(browser, render_html(full_map), width=390).page
    try:
        scroller = page.locator(".jm-grid-section .jm-scroll")
        overflow = scroller.evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        lane = page.locator('tr[data-lane="actions"] th.jm-lane')
        assert lane.evaluate("e => getComputedStyle(e).position") == "sticky"
        before = lane.bounding_box()
        scroller.evaluate("e => { e.scrollLeft = 300; }")
        after = lane.bounding_box()
        assert before is not None
        assert after is not None
        assert after["x"] == before["x"]
    finally:
        page.context.close()


def test_print_styles_drop_sticky_and_the_switch(full_page: Page) -> None:
    full_page.emulate_media(media="print")
    lane = full_page.locator('tr[data-lane="actions"] th.jm-lane')
    assert lane.evaluate("e => getComputedStyle(e).position") == "static"
    assert not full_page.locator(".jm-lang-switch").is_visible()
