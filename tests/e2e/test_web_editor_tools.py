"""The editor's tools in headless Chromium: a lint warning appears while typing and goes when
the draft is fixed (nothing saved until Enter), a form filled and saved by keyboard alone, the
bindings picker with the store's counts, the KPI measure builder, a view and an export, the
editor at 390 px and axe on the new parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from journeymap.service.accounts import Accounts
from journeymap.templates.catalog import get_template
from tests.e2e.test_web_editor import AXE, PASSWORD, Steps, _artifacts
from tests.e2e.web_server import WebServer, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser


def _axe_on(page: Page, *selectors: str) -> None:
    """axe-core on the editor's new parts only (the whole editor is audited by the journey
    test; a scoped run is several times quicker on this long page)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "async (include) => await axe.run({include}, {resultTypes: ['violations']})",
        [[s] for s in selectors],
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not problems, "accessibility\n" + "\n".join(problems)


def _workspace(root: Path) -> Path:
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.toml").write_text('name = "shop"\n', encoding="utf-8")
    text = get_template("retail").map_text("en")
    (root / "maps" / "retail.yaml").write_text(text, encoding="utf-8")
    Accounts(root).add("olga", "editor", PASSWORD)
    _ingest(root)
    return root


def _ingest(root: Path) -> None:
    from journeymap.events.ingest import ingest_file
    from journeymap.store import Store

    lines = [
        {"type": "track", "event": "Product Viewed", "anonymousId": f"a{i}",
         "messageId": f"m{i}", "timestamp": "2026-01-01T10:00:00Z"}
        for i in range(3)
    ]  # fmt: skip
    source = root / "events.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    with Store.open(f"duckdb://{root}/.journeymap/store.duckdb") as store:
        assert ingest_file(store, source).rows_stored == len(lines)


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
        sign_in(page, "olga", PASSWORD, lands_on="**/maps/retail")
        before = path.read_text(encoding="utf-8")

        # lint as you type: a vague persona draws JM202 beside the form, an occupation fixes it
        warning = "#add-persona + .draft li[data-code=JM202]"
        page.fill("#new-persona-name", "Peter")
        page.wait_for_selector(warning)
        steps.check("draft-warning", audit=False)
        _axe_on(page, ".view", "#add-persona", ".draft")
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

        # the bindings picker: the store's events, and how many each binding matches
        page.click("#tp-website-edit > summary")
        page.wait_for_selector("#tp-website-edit .binding-counts td.count")
        counts = page.locator("#tp-website-edit .binding-counts td.count").all_inner_texts()
        assert counts == ["3", "0"]  # Product Viewed x3, Calculator Used none
        assert page.locator("#tp-website-edit-events option").count() == 1
        page.locator("#tp-website-edit .binding-counts").scroll_into_view_if_needed()
        steps.check("bindings", audit=False)

        # the KPI measure builder reads the measure as a sentence while it is chosen
        kpi = page.locator("li[id*=-k-]").first
        kpi.locator("details.edit > summary").click()
        kpi.locator("select[name=measure_function]").select_option("median_time")
        kpi.locator("select[name=measure_from]").select_option("website")
        kpi.locator("select[name=measure_to]").select_option("store")
        kpi.locator(".draft .sentence").wait_for()
        assert "Median time from" in kpi.locator(".draft .sentence").inner_text()
        kpi.locator(".draft .sentence").scroll_into_view_if_needed()
        steps.check("measure-builder", audit=False)
        _axe_on(page, "#tp-website", "li[id*=-k-]")
        kpi.locator("form.stack button[type=submit]").click()
        page.wait_for_selector("li[id*=-k-] > code >> text=median_time(website -> store)")

        # a view of one department, and its export
        page.select_option("#view-department", "sales")
        page.click("#view-form button[type=submit]")
        page.wait_for_url("**department=sales**")
        assert page.locator("#tp-website").count() == 0
        assert page.locator("#tp-store").count() == 1
        with page.expect_download() as download:
            page.click("#exports a >> text=MD")
        exported = Path(download.value.path()).read_text(encoding="utf-8")
        assert "Store and designer consultation" in exported
        assert "Website with portfolio" not in exported

        page.set_viewport_size({"width": 390, "height": 844})
        page.click("#tp-store-edit > summary")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the editor is {width}px wide at 390px"
        steps.check("phone", audit=False)
        context.close()
