"""Headless Chromium for PNG and PDF output (Debian's `chromium`, driven by Playwright).

No browser is downloaded: the system Chromium is used, or the one named by `JOURNEYMAP_CHROMIUM`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from playwright.sync_api import Page

_T = TypeVar("_T")

CHROMIUM_ENV = "JOURNEYMAP_CHROMIUM"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
)


class BrowserUnavailableError(RuntimeError):
    """Chromium is missing or did not start; the message says how to fix it."""


def chromium_path() -> Path:
    """The Chromium executable: `$JOURNEYMAP_CHROMIUM` if set, else /usr/bin/chromium."""
    configured = os.environ.get(CHROMIUM_ENV)
    path = Path(configured) if configured else DEFAULT_CHROMIUM
    if not path.is_file():
        source = f"${CHROMIUM_ENV}" if configured else "the default location"
        raise BrowserUnavailableError(
            _(
                "Chromium not found at {path} ({source}); PNG and PDF output need it: install the "
                "apt package `chromium` (sudo apt-get install chromium) or set {chromium_env} to "
                "a Chromium executable",
                path=path,
                source=source,
                chromium_env=CHROMIUM_ENV,
            )
        )
    return path


def run_in_page(action: Callable[[Page], _T], *, width: int, height: int = 900) -> _T:
    """Run `action` on a fresh page of a headless Chromium, then close the browser.

    Runs in a worker thread: Playwright's sync API refuses a thread that already has an asyncio
    loop (Jupyter, or another Playwright session), and a thread of its own always works.
    """
    executable = chromium_path()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymap-chromium") as pool:
        return pool.submit(_run, executable, action, width, height).result()


def _run(executable: Path, action: Callable[[Page], _T], width: int, height: int) -> _T:
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=str(executable), headless=True, args=list(CHROMIUM_ARGS)
            )
        except Error as error:
            first_line = (str(error).strip().splitlines() or [""])[0]
            raise BrowserUnavailableError(
                _(
                    "Chromium at {executable} did not start: {first_line}",
                    executable=executable,
                    first_line=first_line,
                )
            ) from error
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            return action(page)
        finally:
            browser.close()
