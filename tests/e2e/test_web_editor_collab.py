"""The editor's collaboration tools in headless Chromium, in one session: a stage dragged into
place and a touchpoint moved by keyboard (the YAML keeps its comments), undo and redo across a
reload, the YAML pane (highlighted, a value the schema refuses shown by the browser, a typing
error shown by the server, a save that refreshes the grid), a conflict shown
in place, evidence added to a barrier, a comment on a cell with its marker, then resolved.
Screenshots of each step (non-blank), axe on the new parts, no request leaves the server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from journeymap.model import load_map
from journeymap.service.accounts import Accounts
from journeymap.templates.catalog import get_template
from tests.e2e.test_web_editor import PASSWORD, REPO, Steps
from tests.e2e.test_web_editor_tools import _axe_on
from tests.e2e.web_server import WebServer, guarded_context, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def _folder() -> Path:
    base = Path(os.environ.get("JOURNEYMAP_ARTIFACTS", REPO / ".pytest_cache" / "artifacts"))
    folder = base / "web-editor-collab"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


def _workspace(root: Path) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.toml").write_text('name = "shop"\n', encoding="utf-8")
    text = get_template("retail").map_text("en")
    (root / "maps" / "retail.yaml").write_text(text, encoding="utf-8")
    Accounts(root).add("olga", "editor", PASSWORD)
    return root


def _stage_ids(path: Path) -> list[str]:
    return [s.id for s in load_map(path).stages]


def _saved(page: Page) -> None:
    page.wait_for_selector("#status .ok")


def _replace_text(page: Page, text: str) -> None:
    """The whole YAML pane replaced at once, as a paste does: one `input` event. (Playwright's
    `fill` types a whole map, 8 KB, in 10-20 s on a busy machine.)"""
    page.evaluate(
        "text => { const area = document.getElementById('source-text'); area.value = text;"
        " area.dispatchEvent(new Event('input', { bubbles: true })); }",
        text,
    )


def test_reorder_undo_redo_yaml_pane_comments_and_evidence(
    browser: Browser, tmp_path: Path
) -> None:
    root = _workspace(tmp_path / "ws")
    path = root / "maps" / "retail.yaml"
    with WebServer(root) as server:
        outside: list[str] = []
        context = guarded_context(browser, server.url, outside, locale="en-GB")
        page = context.new_page()
        page.set_default_timeout(15_000)
        steps = Steps(page, _folder())
        page.goto(server.url + "/login?next=/maps/retail")
        sign_in(page, "olga", PASSWORD, lands_on="**/maps/retail")
        stages = _stage_ids(path)
        touchpoints_before = [t.id for t in load_map(path).touchpoints]

        # drag and drop: the second stage's handle dropped on the first stage (a tall window
        # keeps both in view: a drag that scrolls the page is not what a person does)
        page.set_viewport_size({"width": 1280, "height": 2000})
        page.evaluate("document.getElementById('s-awareness-and-search').scrollIntoView()")
        page.drag_and_drop("#s-choosing-company .handle", "#s-awareness-and-search h3")
        page.wait_for_selector("ol.stages > li#s-choosing-company:first-child")
        assert _stage_ids(path) == [stages[1], stages[0], *stages[2:]]
        # a touchpoint dragged onto another, two places down
        page.drag_and_drop("#tp-search-ads .handle", "#tp-reviews")
        page.wait_for_selector("#tp-reviews + #tp-search-ads")
        touchpoints = [t.id for t in load_map(path).touchpoints]
        assert touchpoints[:3] == ["social", "reviews", "search-ads"]
        assert "# Bindings connect a touchpoint" in path.read_text(
            encoding="utf-8"
        )  # comments kept
        page.set_viewport_size({"width": 1280, "height": 900})
        steps.check("dragged", audit=False)

        # keyboard: Tab to a touchpoint's "move earlier" button, Enter
        page.focus("#tp-reviews .mover form:nth-of-type(2) button")
        page.keyboard.press("Shift+Tab")
        assert "Move earlier" in page.evaluate("document.activeElement.ariaLabel")
        page.keyboard.press("Enter")
        page.wait_for_selector("#tp-reviews + #tp-social")
        assert [t.id for t in load_map(path).touchpoints][:3] == ["reviews", "social", "search-ads"]

        # undo twice, reload, redo once: the server remembers
        page.click("#undo button")
        page.wait_for_selector("#tp-social + #tp-reviews")
        page.click("#undo button")
        page.wait_for_selector("#tp-search-ads + #tp-social")
        assert [t.id for t in load_map(path).touchpoints] == touchpoints_before
        page.reload()
        page.click("#redo button")
        page.wait_for_selector("#tp-reviews + #tp-search-ads")
        assert _stage_ids(path) == [stages[1], stages[0], *stages[2:]]
        steps.check("redone", audit=False)

        # the YAML pane: a broken line is reported as typed, a rename saves and the grid follows
        page.click("#source-pane > summary")
        source = page.locator("#source-text")
        text = source.input_value()
        # highlighted in the browser, and checked against the map's JSON Schema as typed
        page.wait_for_selector("#source-pane .source-highlight .token.key")
        assert page.locator("#source-pane .source-highlight .token.comment").count() > 0
        page.wait_for_selector("#source-schema .schema-clean")
        _replace_text(page, text.replace("severity: medium", "severity: huge", 1))
        page.wait_for_selector("#source-schema .schema-errors")
        found = page.inner_text("#source-schema .schema-errors")
        assert "severity" in found
        assert "should be one of: low, medium, high, critical" in found
        # by line: the line of the wrong value, marked in the pane; choosing it moves the caret
        line = text[: text.index("severity: medium")].count("\n") + 1
        assert f"line {line}: should be one of" in found
        page.wait_for_selector(f"#source-pane .source-line-error[data-line='{line}']")
        page.click(f"#source-schema .schema-line[data-line='{line}']")
        caret = page.evaluate(
            "(() => { const a = document.getElementById('source-text');"
            " return a.value.slice(0, a.selectionStart).split('\\n').length; })()"
        )
        assert caret == line
        # a Russian word the loader accepts is read the same way in the browser
        _replace_text(page, text.replace("severity: medium", "severity: Критично", 1))
        page.wait_for_selector("#source-schema .schema-clean")
        assert page.locator("#source-pane .source-line-error").count() == 0
        assert page.locator("#source-pane .source-line-error").count() == 0
        _replace_text(page, text.replace("severity: medium", "severity: [medium", 1))
        page.wait_for_selector("#source-pane .draft .draft-errors")
        assert "retail.yaml:" in page.inner_text("#source-pane .draft")
        renamed = text.replace("name: Visiting the store", "name: Showroom visit")
        _replace_text(page, renamed)
        page.wait_for_selector("#source-pane .draft .draft-clean")
        page.wait_for_selector("#source-schema .schema-clean")
        box = page.locator("#source-pane").bounding_box()
        grid = page.locator("ol.stages").bounding_box()
        assert box
        assert grid
        assert box["x"] > grid["x"] + grid["width"] / 2  # side by side
        steps.check("yaml-pane", audit=False)
        page.click("#source-form button[type=submit]")
        page.wait_for_selector("#s-store-visit h3 >> text=Showroom visit")
        assert path.read_text(encoding="utf-8") == renamed
        assert page.locator("#source-pane").get_attribute("open") is not None  # stays open
        page.wait_for_selector("#source-pane .source-highlight .token.key")  # the new pane too

        # a conflict: the file changes behind the page; the next move says so in place
        theirs = renamed.replace("Showroom visit", "Store visit")
        path.write_text(theirs, encoding="utf-8")
        page.click("#tp-store .mover form:first-child button")
        page.wait_for_selector("#conflict")
        page.locator("#conflict").scroll_into_view_if_needed()
        assert path.read_text(encoding="utf-8") == theirs  # nothing written over it
        steps.check("conflict", audit=False)
        page.goto(server.url + "/maps/retail")

        # evidence on a barrier
        barrier = "#s-studying-site-and-social-b-barrier-1-ev"
        page.click(f"{barrier} > summary")
        page.select_option(f"{barrier}-new-source", "interview")
        page.fill(f"{barrier}-new-note", "7 of 12 interviews")
        page.fill(f"{barrier}-new-size", "12")
        page.click(f"{barrier} form.stack >> text=Add evidence")
        _saved(page)
        evidence = load_map(path).stage("studying-site-and-social").barriers[0].evidence
        assert (evidence[-1].source, evidence[-1].sample_size) == ("interview", 12)

        # a comment on a cell: marker, author, then resolved
        comments = "#s-store-visit-comments"
        page.click(f"{comments} > summary")
        page.select_option("#s-store-visit-comment-target", "stage/store-visit/fears")
        page.fill("#s-store-visit-comment-text", "What does she fear in the store?")
        page.click(f"{comments} >> text=Add the comment")
        page.wait_for_selector("#s-store-visit h3 .marker")
        assert page.locator(comments).get_attribute("open") is not None  # stays open
        assert "olga" in page.inner_text(f"{comments} .comment")
        page.locator(f"{comments} .comment").scroll_into_view_if_needed()
        steps.check("comment", audit=False)
        _axe_on(page, comments, barrier, "ul.touchpoints", "#undo", "#redo", "#source-pane")
        page.click(f"{comments} .comment button")
        page.wait_for_selector(f"{comments} .comment.resolved")
        assert page.locator("#s-store-visit h3 .marker").count() == 0

        # at 390 px the open boxes and the pane fit the width
        page.set_viewport_size({"width": 390, "height": 844})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the editor is {width}px wide at 390px"
        steps.check("phone", audit=False)
        context.close()
    assert not outside, f"requests left the server: {outside}"
