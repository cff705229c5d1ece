"""The editor's tools in headless Chromium: a lint warning appears while typing and goes when
the draft is fixed (nothing saved until Enter), a form filled and saved by keyboard alone, the
editor at 390 px and axe on the new parts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from journeymap.service.accounts import Accounts
from journeymap.templates.catalog import get_template
from tests.e2e.test_web_editor import PASSWORD, Steps, _artifacts
from tests.e2e.web_server import WebServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def _workspace(root: Path) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.toml").write_text('name = "shop"\n', encoding="utf-8")
    text = get_template("retail").map_text("en")
    (root / "maps" / "retail.yaml").write_text(text, encoding="utf-8")
    Accounts(root).add("olga", "editor", PASSWORD)
    return root


def test_lint_as_you_type_keyboard_and_phone(browser: Browser, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    path = root / "maps" / "retail.yaml"
    with WebServer(root) as server:
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        folder = _artifacts().parent / "web-editor-tools"
        folder.mkdir(exist_ok=True)
        steps = Steps(page, folder)
        page.goto(server.url + "/login?next=/maps/retail")
        page.fill("#login-name", "olga")
        page.fill("#login-password", PASSWORD)
        page.press("#login-password", "Enter")
        page.wait_for_url("**/maps/retail")
        before = path.read_text(encoding="utf-8")

        # lint as you type: a vague persona draws JM202 beside the form, an occupation fixes it
        warning = "#add-persona + .draft li[data-code=JM202]"
        page.fill("#new-persona-name", "Peter")
        page.wait_for_selector(warning)
        steps.check("draft-warning")
        page.fill("#new-persona-occupation", "engineer")
        page.wait_for_selector(warning, state="detached")
        assert path.read_text(encoding="utf-8") == before  # a draft saves nothing
        steps.check("draft-fixed", audit=False)

        # keyboard alone: Tab from the name through the form, Enter on the button saves
        page.focus("#new-persona-name")
        for _ in range(3):
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "new-persona-context"
        page.keyboard.type("moving house")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.type") == "submit"
        page.keyboard.press("Enter")
        page.wait_for_selector("summary >> text=Peter")
        saved = path.read_text(encoding="utf-8")
        assert "occupation: engineer" in saved
        assert "moving house" in saved

        page.set_viewport_size({"width": 390, "height": 844})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the editor is {width}px wide at 390px"
        steps.check("phone")
        context.close()
