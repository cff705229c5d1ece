"""The report's map grid fits a 1400 px window: the seed-shop map's six stages, none cut off."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from journeymap.model import load_document
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from tests.report.test_report_facts import _order_rows

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[2]
SEED_SHOP = REPO / "examples" / "seed-shop" / "maps" / "seed-shop.en.yaml"


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 1920])
def test_every_stage_column_is_inside_the_window(browser: Browser, width: int) -> None:
    journey = load_document(SEED_SHOP).model
    html = render_report_html(build_report(_order_rows(), journey, segments_by=[]))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_content(html, wait_until="load")
    box = page.evaluate(
        """() => {
          const scroll = document.querySelector('.jm-scroll');
          const heads = [...document.querySelectorAll('.jm-grid thead th.jm-stage')];
          const right = scroll.getBoundingClientRect().right;
          return {
            stages: heads.length,
            overflow: scroll.scrollWidth - scroll.clientWidth,
            lastRight: heads[heads.length - 1].getBoundingClientRect().right,
            right: right,
            page: document.documentElement.scrollWidth,
          };
        }"""
    )
    context.close()
    assert box["stages"] == len(journey.stages) == 6
    assert box["overflow"] <= 0
    assert box["lastRight"] <= box["right"] + 0.5
    assert box["page"] <= width
