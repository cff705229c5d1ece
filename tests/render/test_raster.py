"""PNG and PDF through headless Chromium, and the error when Chromium is missing."""

from __future__ import annotations

import re

import pytest

from journeymap.model import JourneyMap
from journeymap.render import BrowserUnavailableError, render
from journeymap.render.chromium import CHROMIUM_ENV, chromium_path
from tests.conftest import CHROMIUM, require
from tests.render.pixels import PNG_SIGNATURE, distinct_colours, png_size


@pytest.mark.browser
def test_png_is_a_full_page_screenshot_of_the_html(full_map: JourneyMap) -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing")
    data = render(full_map, "png")
    assert data.startswith(PNG_SIGNATURE)
    width, height = png_size(data)
    assert width >= 1280
    assert height > 1500  # the whole page, not one viewport
    assert distinct_colours(data) >= 16


@pytest.mark.browser
def test_pdf_is_printed_with_cyrillic(russian_map: JourneyMap) -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing")
    data = render(russian_map, "pdf")
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert len(data) > 20_000  # embedded fonts and drawn content, not an empty page
    # A3 landscape: 420 x 297 mm = about 1191 x 842 pt.
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes
    width, height = (float(v) for v in boxes[0])
    assert abs(width - 1191) < 3
    assert abs(height - 842) < 3


def test_missing_chromium_names_the_package(
    monkeypatch: pytest.MonkeyPatch, full_map: JourneyMap, tmp_path: object
) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, "/nonexistent/chromium")
    with pytest.raises(BrowserUnavailableError, match=r"apt package `chromium`"):
        chromium_path()
    with pytest.raises(BrowserUnavailableError, match=CHROMIUM_ENV):
        render(full_map, "pdf")
