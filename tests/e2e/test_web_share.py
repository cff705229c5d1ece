"""A share link in headless Chromium: an admin makes one on the map's page, a visitor without an
account opens the map, the admin revokes it, the visitor's reload gets the refusal page.
Screenshots are saved and checked non-blank; axe finds no serious or critical violation; no
request leaves the server."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from journeymap.templates.catalog import get_template
from tests.e2e.test_web_editor import PASSWORD, Steps, _workspace
from tests.e2e.web_server import WebServer, guarded_context, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def test_a_share_link_opens_one_map_until_revoked(browser: Browser, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws")
    text = get_template("retail").map_text("ru")
    (root / "maps" / "retail.yaml").write_text(text, encoding="utf-8")
    folder = REPO / ".pytest_cache" / "artifacts" / "web-share"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    outside: list[str] = []
    with WebServer(root) as server:
        admin = guarded_context(browser, server.url, outside)
        page = admin.new_page()
        page.set_default_timeout(15_000)
        steps = Steps(page, folder)
        page.goto(server.url + "/login")
        sign_in(page, "olga", PASSWORD)
        page.goto(server.url + "/maps/retail")
        page.fill("#share-days", "3")
        page.click("#add-share button[type=submit]")
        page.wait_for_selector("table.shares tbody tr")
        url = page.input_value("table.shares input")
        assert url.startswith(server.url + "/share/")
        page.locator("#shares").scroll_into_view_if_needed()
        steps.check("share-list")

        visitor = guarded_context(browser, server.url, outside)
        shared = visitor.new_page()
        answer = shared.goto(url)
        assert answer is not None
        assert answer.status == 200
        assert shared.locator("a[href^='/maps']").count() == 0
        assert shared.locator("form").count() == 0
        steps.page = shared
        steps.check("shared-map")

        page.click("table.shares button >> text=Отозвать")
        page.wait_for_selector("table.shares td >> text=отозвана")
        answer = shared.reload()
        assert answer is not None
        assert answer.status == 410
        assert "Ссылку отозвали." in shared.content()
        steps.check("share-revoked")
        admin.close()
        visitor.close()
    assert not outside, f"requests left the server: {outside}"
