"""The PDF's print layout (no page left half empty by a forced break, rows never cut) and the
`--poster` PDF: one page sized to the whole map."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.model import JourneyMap
from journeymap.render.chromium import run_in_page
from journeymap.render.html_page import render_html
from journeymap.render.raster import render_pdf
from tests.conftest import CHROMIUM, require
from tests.render.conftest import FULL

if TYPE_CHECKING:
    from playwright.sync_api import Page

runner = CliRunner()
PRINTABLE_HEIGHT = 277 / 25.4 * 96
"""A3 landscape (297 mm high) less the print CSS's two 10 mm margins, in CSS pixels."""
PRINTABLE_WIDTH = 400 / 25.4 * 96
PT_PER_PX = 0.75
_SECTIONS_JS = """() => [...document.querySelectorAll('.jm-header, section')]
  .map(box => box.getBoundingClientRect())
  .map(rect => [rect.top, rect.bottom])"""


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def _media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    found = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return [(float(w), float(h)) for w, h in found]


def _print_sections(journey: JourneyMap) -> list[tuple[float, float]]:
    """(top, bottom) of the header and each section, laid out for print on one A3 width."""
    html = render_html(journey)

    def measure(page: Page) -> list[tuple[float, float]]:
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        boxes = page.evaluate(_SECTIONS_JS)
        return [(float(top), float(bottom)) for top, bottom in boxes]

    return run_in_page(measure, width=round(PRINTABLE_WIDTH), height=round(PRINTABLE_HEIGHT))


@pytest.mark.browser
def test_sections_flow_on_without_half_empty_pages(full_map: JourneyMap) -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing")
    pdf = render_pdf(full_map)
    pages = _pages(pdf)
    sections = _print_sections(full_map)
    total = sections[-1][1]
    fewest = math.ceil(total / PRINTABLE_HEIGHT)
    # Header and personas share a page; every other section starting a page of its own (the
    # old forced breaks) would need this many:
    groups = [(sections[0][0], sections[1][1]), *sections[2:]]
    one_section_a_page = sum(math.ceil((end - start) / PRINTABLE_HEIGHT) for start, end in groups)
    assert fewest <= pages <= fewest + 1  # one page of slack for rows kept whole
    assert pages < one_section_a_page
    assert all(abs(w - 1191) < 3 and abs(h - 842) < 3 for w, h in _media_boxes(pdf))


@pytest.mark.browser
def test_poster_is_one_page_sized_to_the_map(tmp_path: Path) -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing")
    target = tmp_path / "map.pdf"
    result = runner.invoke(app, ["render", str(FULL), "-o", str(target), "--poster"])
    assert result.exit_code == 0, result.output
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert _pages(pdf) == 1
    [(width, height)] = _media_boxes(pdf)
    assert width >= 1280 * PT_PER_PX - 1  # at least the page's minimum screen width
    assert height > 842  # taller than one A3 landscape page: the whole map on it


def test_poster_is_for_pdf_only() -> None:
    result = runner.invoke(app, ["render", str(FULL), "--format", "png", "--poster"])
    assert result.exit_code == 2
    assert "--poster applies to PDF, not png" in result.stderr
    russian = runner.invoke(app, ["--lang", "ru", "render", str(FULL), "-f", "xlsx", "--poster"])
    assert russian.exit_code == 2
    assert "--poster относится к PDF, а не к xlsx" in russian.stderr
