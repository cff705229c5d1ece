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


def render_pdf(
    journey: JourneyMap, *, language: str | None = None, paper: str = "A3", poster: bool = False
) -> bytes:
    """The HTML printed with its print CSS, landscape `paper` pages (sections flow on without
    forced breaks, rows are never cut, header rows repeat). `poster`: one page sized to the whole
    map instead, laid out as on a screen wide enough for every stage column."""
    html = render_html(journey, language=language)

    def print_pdf(page: Page) -> bytes:
        page.set_content(html, wait_until="load")
        return page.pdf(format=paper, landscape=True, print_background=True)

    def print_poster(page: Page) -> bytes:
        page.set_content(html, wait_until="load")
        page.emulate_media(media="screen")
        page.evaluate(_POSTER_JS)
        needed = int(page.evaluate(_CONTENT_WIDTH_JS))
        width = max(needed, page.viewport_size["width"] if page.viewport_size else needed)
        page.set_viewport_size({"width": width, "height": VIEWPORT_HEIGHT})
        height = int(page.evaluate("() => document.documentElement.scrollHeight"))
        page.add_style_tag(content=_poster_page_css(width, height))
        return page.pdf(
            width=f"{width}px",
            height=f"{height + POSTER_SLACK}px",
            print_background=True,
            prefer_css_page_size=True,
        )

    if poster:
        return run_in_page(print_poster, width=max(MIN_PAGE_WIDTH, page_width(journey)))
    return run_in_page(print_pdf, width=MIN_PAGE_WIDTH)


POSTER_SLACK = 2
"""Pixels added to the poster's height so rounding never spills a line onto a second page."""
_POSTER_JS = "() => document.querySelector('.jm-map')?.classList.add('jm-poster')"


def _poster_page_css(width: int, height: int) -> str:
    """One page exactly the size of the laid-out map (the print CSS's A3 page overridden)."""
    return f"@page {{ size: {width}px {height + POSTER_SLACK}px; margin: 0; }}"
