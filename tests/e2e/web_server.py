"""`journeymap web` as a subprocess on a free loopback port, and the steps every browser test
shares: a context that refuses requests leaving the server, and signing in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from tests.e2e.server import SRC, free_port, wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route


class WebServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> WebServer:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        command = [sys.executable, "-m", "journeymap", "web", "--port", str(self.port)]
        with (self.root / "web.log").open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=self.root, env=env, stdout=subprocess.DEVNULL, stderr=log
            )
        wait_for(lambda: httpx.get(self.url + "/login").status_code == 200, 30, "/login")
        return self

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def log(self) -> str:
        return (self.root / "web.log").read_text(encoding="utf-8", errors="replace")


def guarded_context(
    browser: Browser, url: str, outside: list[str], **options: Any
) -> BrowserContext:
    """A Russian desktop-sized context (unless `options` say otherwise) in which every request
    outside `url` is refused and listed in `outside`."""
    context = browser.new_context(
        **{"locale": "ru-RU", "viewport": {"width": 1280, "height": 900}, **options}
    )

    def guard(route: Route) -> None:
        if route.request.url.startswith(url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return context


def sign_in(page: Page, name: str, password: str, *, lands_on: str = "**/maps") -> None:
    """Fill and send the sign-in form the page shows, then wait for the page it leads to."""
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(lands_on)
