"""A PNG of the top of a report page, for READMEs and e-mails (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.render.chromium import run_in_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

SCREENSHOT_WIDTH = 1400
SCREENSHOT_HEIGHT = 1000


def screenshot_report(
    html: str, path: Path, *, width: int = SCREENSHOT_WIDTH, height: int = SCREENSHOT_HEIGHT
) -> Path:
    """Write a `width` x `height` PNG of the top of the page `html`; returns `path`.

    Raises `BrowserUnavailableError` when Chromium is missing or does not start.
    """

    def shoot(page: Page) -> bytes:
        page.set_content(html, wait_until="load")
        return page.screenshot(full_page=False, type="png")

    image = run_in_page(shoot, width=width, height=height)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(image)
    return path
