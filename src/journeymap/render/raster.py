"""PNG and PDF: the HTML rendering printed by headless Chromium, so they look like the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.model import JourneyMap
from journeymap.render.chromium import run_in_page
from journeymap.render.html_page import page_width, render_html

if TYPE_CHECKING:
    from playwright.sync_api import Page

MIN_PAGE_WIDTH = 1280
VIEWPORT_HEIGHT = 900

# The stage grid scrolls sideways in a browser; a picture cannot, so widen the viewport until
# the widest scrolling box fits, keeping its right-hand margin.
_CONTENT_WIDTH_JS = """() => {
  let width = document.documentElement.scrollWidth;
  for (const box of document.querySelectorAll('*')) {
    if (box.scrollWidth > box.clientWidth + 1) {
      const rect = box.getBoundingClientRect();
      const right = window.innerWidth - rect.right;
      width = Math.max(width, Math.ceil(rect.left + box.scrollWidth + right));
    }
  }
  return width;
}"""


def render_png(journey: JourneyMap, *, language: str | None = None) -> bytes:
    """A full-page screenshot of the HTML, wide enough to show every stage column."""
    html = render_html(journey, language=language)

    def shoot(page: Page) -> bytes:
        page.set_content(html, wait_until="load")
        current = page.viewport_size["width"] if page.viewport_size else MIN_PAGE_WIDTH
        needed = int(page.evaluate(_CONTENT_WIDTH_JS))
        if needed > current:
            page.set_viewport_size({"width": needed, "height": VIEWPORT_HEIGHT})
        return page.screenshot(full_page=True, type="png")

    return run_in_page(shoot, width=max(MIN_PAGE_WIDTH, page_width(journey)))


def render_pdf(journey: JourneyMap, *, language: str | None = None, paper: str = "A3") -> bytes:
    """The HTML printed with its print CSS, landscape."""
    html = render_html(journey, language=language)

    def print_pdf(page: Page) -> bytes:
        page.set_content(html, wait_until="load")
        return page.pdf(format=paper, landscape=True, print_background=True)

    return run_in_page(print_pdf, width=MIN_PAGE_WIDTH)
