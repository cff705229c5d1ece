"""The report on a 390 px phone: nothing is wider than the screen except inside a scroll box."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from journeymap.model import load_document, parse_map
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.store import Store
from tests.report.test_report_build import MAP
from tests.report.test_report_facts import _order_rows
from tests.report.test_report_feedback import _events

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

SEED_SHOP = (
    Path(__file__).resolve().parents[2] / "examples" / "seed-shop" / "maps" / "seed-shop.en.yaml"
)

# Elements sticking out of the viewport whose ancestors clip or scroll them are fine.
_OVERFLOW = """(width) => {
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      const clips = ['auto', 'scroll', 'hidden'].includes(style.overflowX);
      if (clips && p.clientWidth <= width) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    if (scrolls(el)) continue;
    out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
  }
  return {out: out.slice(0, 10), page: document.documentElement.scrollWidth};
}"""


def _check(browser: Browser, html: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_content(html, wait_until="load")
    found = page.evaluate(_OVERFLOW, 390)
    context.close()
    assert found["out"] == []
    assert found["page"] <= 390


def test_seed_shop_report_fits_a_phone(browser: Browser) -> None:
    journey = load_document(SEED_SHOP).model
    _check(browser, render_report_html(build_report(_order_rows(), journey, segments_by=[])))


def test_feedback_report_fits_a_phone(browser: Browser, tmp_path: Path) -> None:
    store = Store.open(f"duckdb://{tmp_path / 'store.duckdb'}")
    store.backend.insert("events", _events())
    html = render_report_html(build_report(store, parse_map(MAP).model))
    store.close()
    assert "jm-feedback" in html or "quotes" in html.lower()
    _check(browser, html)
