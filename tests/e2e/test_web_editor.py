"""A marketer's journey through the web app in headless Chromium: sign in, create a map from the
Russian retail template, add a persona and a stage, set an emotion, add a barrier (a lint
warning appears) and its solution (it goes), check the YAML file, open the report.

Every step: a screenshot (saved, checked non-blank); every kind of page (sign-in, gallery, editor
with all its parts, phone width, history, users, report): the vendored axe-core with no serious or
critical violation; and no request leaves the server."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from journeymap.service.accounts import Accounts
from tests.e2e.web_server import WebServer, guarded_context, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PASSWORD = "correct-horse"


def _artifacts() -> Path:
    folder = Path(os.environ.get("JOURNEYMAP_ARTIFACTS", REPO / ".pytest_cache" / "artifacts"))
    target = folder / "web-editor"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.png"):
        old.unlink()
    return target


def _not_blank(png: bytes) -> bool:
    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(png)).convert("L")
    return max(ImageStat.Stat(image).stddev) > 10


def _axe_problems(page: Page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class Steps:
    def __init__(self, page: Page, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.count = 0

    def check(self, name: str, *, audit: bool = True) -> None:
        """Screenshot the step; `audit`: run axe too (once per kind of page keeps it quick)."""
        self.count += 1
        png = self.page.screenshot(full_page=False)
        (self.folder / f"{self.count:02d}-{name}.png").write_bytes(png)
        assert _not_blank(png), f"step {name}: the screenshot is blank"
        if not audit:
            return
        problems = _axe_problems(self.page)
        assert not problems, f"step {name}: accessibility\n" + "\n".join(problems)


def _workspace(root: Path) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.toml").write_text('name = "shop"\n', encoding="utf-8")
    Accounts(root).add("olga", "admin", PASSWORD)
    return root


def test_a_marketer_edits_a_russian_retail_map(browser: Browser, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    with WebServer(root) as server:
        outside: list[str] = []
        context = guarded_context(browser, server.url, outside)
        page = context.new_page()
        page.set_default_timeout(15_000)
        steps = Steps(page, _artifacts())

        page.goto(server.url + "/maps")
        page.keyboard.press("Tab")  # keyboard users get the skip link first
        assert page.evaluate("document.activeElement.className") == "skip"
        steps.check("login")
        sign_in(page, "olga", PASSWORD)
        steps.check("gallery")

        page.select_option("#new-template", "retail")
        page.select_option("#new-language", "ru")
        page.click("text=Создать")
        page.wait_for_url("**/maps/retail-journey")
        path = root / "maps" / "retail-journey.yaml"
        original = path.read_text(encoding="utf-8")
        steps.check("editor")

        page.fill("#new-persona-name", "Пётр")
        page.fill("#new-persona-age", "52")
        page.click("#add-persona button[type=submit]")
        page.wait_for_selector("summary >> text=Пётр")
        steps.check("persona", audit=False)

        page.fill("#new-stage-name", "Отзыв")  # by keyboard: Enter submits the form
        page.press("#new-stage-name", "Enter")
        page.wait_for_selector("#s-otzyv")
        steps.check("stage", audit=False)

        page.select_option("#s-otzyv-emo-petr", "-1")
        page.fill("#s-otzyv-emo-petr-label", "досада")
        page.click("#s-otzyv form:has(#s-otzyv-emo-petr) button")
        page.wait_for_selector("#s-otzyv .score.score-1")
        steps.check("emotion", audit=False)

        assert page.locator("li.finding[data-code=JM401]").count() == 0
        page.fill("#s-otzyv-barrier", "Негде оставить отзыв")
        page.select_option("#s-otzyv-severity", "high")
        page.click("#s-otzyv form:has(#s-otzyv-barrier) button")
        page.wait_for_selector("li.finding[data-code=JM401]")
        steps.check("lint-warning", audit=False)

        page.fill("#s-otzyv .barrier input[name=text]", "Форма отзыва в письме после доставки")
        page.click("#s-otzyv .barrier button")
        page.wait_for_selector("#s-otzyv .solutions li")
        assert page.locator("li.finding[data-code=JM401]").count() == 0
        steps.check("solution")

        saved = path.read_text(encoding="utf-8")
        assert saved != original
        for text in ("name: Пётр", "name: Отзыв", "досада", "Форма отзыва в письме"):
            assert text in saved
        comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
        assert all(line in saved for line in comments)

        page.set_viewport_size({"width": 390, "height": 844})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the editor is {width}px wide at 390px"
        steps.check("phone")
        page.set_viewport_size({"width": 1280, "height": 900})

        page.click("a >> text=История")
        page.wait_for_url("**/history")
        steps.check("history")

        page.click("a >> text=Пользователи")
        page.wait_for_url("**/admin/users")
        steps.check("users")

        page.goto(server.url + "/maps/retail-journey/report")
        assert "Путь клиента в рознице" in page.content()
        steps.check("report")
        context.close()
    assert not outside, f"requests left the server: {outside}"
