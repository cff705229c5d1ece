"""A marketer's analytics journey in headless Chromium: sign in, open a map, build a funnel
(see its table, download its CSV), open a customer's 360 (her timeline and recommendations),
the report scoped by its pickers, the update-from-data preview, the transitions graph, then the
map's personalization page; at 390 px the pages fit and their tables and graph scroll.
Screenshots are saved and checked non-blank; axe finds no serious or critical violation on
these pages; no request leaves the server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from journeymap.model import load_map
from journeymap.report.snapshots import snapshot_folder
from tests.e2e.test_web_editor import Steps
from tests.e2e.web_server import WebServer, guarded_context, sign_in
from tests.web.analytics_workspace import PASSWORD, make_analytics_workspace

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def _fits(page: Page) -> bool:
    """Nothing sticks out of the viewport sideways (wide tables scroll in their own box)."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width <= page.viewport_size["width"] if page.viewport_size else False


def _earlier_report_run(root: Path) -> None:
    """A KPI snapshot as `journeymap report` saves one, so the report has a trend to draw."""
    journey = load_map(root / "maps" / "seed-shop.en.yaml")
    folder = snapshot_folder(root, journey.id)
    folder.mkdir(parents=True)
    record = {"map": journey.id, "at": "2026-02-01T09:00:00+00:00", "segment": "channel=web",
              "kpis": {"cart-to-order": {"value": 0.2, "unit": "share"}}}  # fmt: skip
    (folder / "2026-02-01T09-00-00.json").write_text(json.dumps(record), encoding="utf-8")


def _a_notice_for_olga(root: Path) -> None:
    """An unread notice of a colleague's comment, so the notifications page is audited full."""
    from journeymap.model.map_comments import Comment
    from journeymap.web.notifications import notify

    comment = Comment("c1", "stage/research/fears", "Is delivery too slow?", "ivan",
                      "2026-03-02T10:00:00Z")  # fmt: skip
    notify(root, ["olga"], "seed-shop.en", comment)


def test_funnel_csv_and_a_customer_360(browser: Browser, tmp_path: Path) -> None:
    root = make_analytics_workspace(tmp_path / "ws")
    _earlier_report_run(root)
    _a_notice_for_olga(root)
    folder = REPO / ".pytest_cache" / "artifacts" / "web-analytics"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    outside: list[str] = []
    with WebServer(root) as server:
        context = guarded_context(browser, server.url, outside, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        steps = Steps(page, folder)
        page.goto(server.url + "/login")
        sign_in(page, "olga", PASSWORD)
        page.click("a[href='/maps/seed-shop.en']")
        page.wait_for_url("**/maps/seed-shop.en")
        page.click("a[href='/maps/seed-shop.en/analytics'] >> nth=0")
        page.wait_for_url("**/analytics")

        page.select_option("#step-1", "Product Viewed")
        page.select_option("#step-2", "Order Completed")
        page.click("#query button[type=submit]")
        page.wait_for_selector("table.result tbody tr")
        assert "steps=Product+Viewed" in page.url  # the query is in the link
        cells = page.locator("table.result tbody tr td:nth-child(3)").all_inner_texts()
        assert cells == ["6", "2"]
        steps.check("funnel")
        with page.expect_download() as download:
            page.click("#csv-link")
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert text.splitlines()[0].startswith("Шаг,")
        assert len(text.splitlines()) == 3

        page.click("header a[href='/people']")
        page.fill("#person-query", "buyer3@example.org")
        page.click("form[role=search] button[type=submit]")
        page.wait_for_selector("a[href^='/people/u3']")
        steps.check("people-search")
        page.click("a[href^='/people/u3']")
        page.wait_for_selector("#timeline table")
        assert page.locator("#timeline h3").all_inner_texts()[:2] == [
            "Choosing seeds",
            "Cart and checkout",
        ]
        assert page.locator("#recommendations ol.recs li").count() >= 1
        steps.check("customer-360")

        page.goto(server.url + "/maps/seed-shop.en/analytics?kind=paths&by=stage")
        page.wait_for_selector("svg.sankey")
        steps.check("paths-sankey")

        # the living report: a segment and a first day picked, kept in the link; the KPI
        # trend charts; the update-from-data preview; transitions as a graph
        page.goto(server.url + "/maps/seed-shop.en/report")
        page.fill("#scope-segment", "channel=web")
        page.fill("#scope-since", "2026-03-02")
        page.click("#report-scope button[type=submit]")
        page.wait_for_url("**segment=channel%3Dweb**")
        assert "since=2026-03-02" in page.url
        assert page.locator(".jm-trend-charts li[data-kpi='cart-to-order'] polyline").count() == 1
        steps.check("report-scope")
        page.click("#update-from-data")
        page.wait_for_selector("#update-preview li")
        assert "since=2026-03-02" in page.url
        steps.check("update-preview")
        page.goto(server.url + "/maps/seed-shop.en/analytics?kind=transitions&by=stage")
        page.wait_for_selector("svg.transitions g.edge")
        steps.check("transitions-graph")

        page.goto(server.url + "/maps/seed-shop.en/personalization?persona=marina")
        page.wait_for_selector("li.stage")
        steps.check("personalization")

        page.goto(server.url + "/notifications")
        page.wait_for_selector("li.notice.unread")
        assert "02.03.2026 10:00 UTC" in page.inner_text("li.notice")  # the date as RU writes it
        steps.check("notifications")

        page.set_viewport_size({"width": 390, "height": 844})
        for url in (
            "/maps/seed-shop.en/analytics?kind=funnel&steps=Product+Viewed&steps=Order+Completed",
            "/people/u3",
            "/people?q=buyer3@example.org",
            "/maps/seed-shop.en/personalization?person=u3",
            "/maps/seed-shop.en/analytics?kind=transitions&by=stage",
            "/notifications",
        ):
            page.goto(server.url + url)
            assert _fits(page), f"{url} is wider than 390 px"
        steps.check("customer-360-phone", audit=False)
        context.close()
    assert not outside, f"requests left the server: {outside}"
