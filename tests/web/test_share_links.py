"""Share links: editors make and revoke them; anyone with one sees that map or report only,
until it expires or is revoked; a changed URL is refused."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from journeymap.web.share_links import LINKS_FILE, ShareError, ShareLinks
from journeymap.web.visit import WebState

JSON = {"Accept": "application/json"}


def _make(client: TestClient, csrf: str, kind: str = "map", days: str = "7") -> dict[str, str]:
    data = {"csrf": csrf, "kind": kind, "days": days}
    answer = client.post("/maps/retail/shares", data=data, headers=JSON)
    assert answer.status_code == 201, answer.text
    link: dict[str, str] = answer.json()
    return link


def _anonymous(workspace: Path) -> TestClient:
    from journeymap.web.app import create_web_app

    return TestClient(create_web_app(workspace), follow_redirects=False)


def test_an_editor_shares_a_map_and_anyone_reads_it(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    link = _make(client, csrf)
    assert link["url"].startswith("/share/")
    assert link["url"].endswith("/retail")
    stranger = _anonymous(workspace)
    page = stranger.get(link["url"])
    assert page.status_code == 200
    assert "<svg" in page.text or "<table" in page.text  # the rendered map page
    assert 'href="/maps' not in page.text  # no way into the workspace
    assert 'name="csrf"' not in page.text  # no edit controls
    assert page.headers["referrer-policy"] == "no-referrer"
    assert stranger.get("/maps/retail").status_code == 303  # the link opens nothing else
    assert stranger.get(link["url"] + "/report").status_code == 403  # a map link, not a report
    listed = client.get("/maps/retail/shares.json").json()["links"]
    assert [(x["id"], x["created_by"], x["status"]) for x in listed] == [
        (link["id"], "egor", "active")
    ]
    editor = client.get("/maps/retail").text
    assert link["url"] in editor
    assert f"/maps/retail/shares/{link['id']}/revoke" in editor


def test_a_report_link_shows_the_report(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    link = _make(client, sign_in("egor"), kind="report")
    assert link["url"].endswith("/retail/report")
    stranger = _anonymous(workspace)
    page = stranger.get(link["url"])
    assert page.status_code == 200, page.text
    assert 'href="/maps' not in page.text
    (workspace / "maps" / "retail.yaml").write_text("stages: [", encoding="utf-8")
    broken = stranger.get(link["url"])
    assert broken.status_code == 422
    assert 'href="/maps' not in broken.text
    (workspace / "maps" / "retail.yaml").unlink()
    assert stranger.get(link["url"]).status_code == 404


def test_a_viewer_cannot_create_or_revoke(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    link = _make(client, sign_in("egor"))
    csrf = sign_in("vera")
    assert client.post("/maps/retail/shares", data={"csrf": csrf, "days": "7"}).status_code == 403
    revoke = f"/maps/retail/shares/{link['id']}/revoke"
    assert client.post(revoke, data={"csrf": csrf}).status_code == 403
    assert client.get("/maps/retail/shares.json").status_code == 403
    assert link["url"] not in client.get("/maps/retail").text
    assert client.post(revoke).status_code == 403  # no CSRF token, even for an editor
    assert _anonymous(workspace).get(link["url"]).status_code == 200


def test_the_token_opens_its_own_map_only(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    shutil.copy(workspace / "maps" / "retail.yaml", workspace / "maps" / "other.yaml")
    link = _make(client, sign_in("egor"))
    other = link["url"].removesuffix("/retail") + "/other"
    answer = _anonymous(workspace).get(other)
    assert answer.status_code == 403
    assert "changed" in answer.text


def test_a_tampered_signature_is_refused(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    link = _make(client, sign_in("egor"))
    token = link["url"].split("/")[2]
    link_id, signature = token.split(".")
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    stranger = _anonymous(workspace)
    assert stranger.get(f"/share/{link_id}.{flipped}/retail").status_code == 403
    assert stranger.get(f"/share/{link_id}/retail").status_code == 403
    assert stranger.get(f"/share/nope.{signature}/retail").status_code == 404
    # A longer expiry written into the file does not match the signature either.
    file = workspace / LINKS_FILE
    rows = json.loads(file.read_text(encoding="utf-8"))
    rows[0]["expires"] += 86400
    file.write_text(json.dumps(rows), encoding="utf-8")
    assert stranger.get(link["url"]).status_code == 403


def test_a_revoked_link_stops_working(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    link = _make(client, csrf)
    answer = client.post(f"/maps/retail/shares/{link['id']}/revoke", data={"csrf": csrf})
    assert answer.status_code == 303
    gone = _anonymous(workspace).get(link["url"])
    assert gone.status_code == 410
    assert "revoked" in gone.text
    assert 'href="/maps' not in gone.text
    rows = client.get("/maps/retail/shares.json").json()["links"]
    assert [(r["id"], r["status"], r["revoked_by"]) for r in rows] == [
        (link["id"], "revoked", "egor")
    ]
    assert f"/shares/{link['id']}/revoke" not in client.get("/maps/retail").text


def test_an_expired_link_stops_working(workspace: Path) -> None:
    state = WebState.of(workspace)
    links = ShareLinks(workspace, state.secret)
    link = links.create("retail", "map", 1, "egor", now=time.time() - 2 * 86400)
    answer = _anonymous(workspace).get(link.path())
    assert answer.status_code == 410
    assert "expired" in answer.text
    fresh = links.create("retail", "map", 1, "egor", now=time.time() - 3600)
    assert _anonymous(workspace).get(fresh.path()).status_code == 200


def test_the_expiry_is_bounded(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    for days in ("0", "91", "soon"):
        data = {"csrf": csrf, "kind": "map", "days": days}
        assert client.post("/maps/retail/shares", data=data).status_code == 422, days
    with pytest.raises(ShareError):
        ShareLinks(workspace, b"k").create("retail", "page", 7, "egor")
    link = _make(client, csrf, days="90")
    assert 89 * 86400 < int(link["expires"]) - time.time() <= 90 * 86400


def test_the_refusal_speaks_the_browser_language(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    link = _make(client, csrf)
    client.post(f"/maps/retail/shares/{link['id']}/revoke", data={"csrf": csrf})
    gone = _anonymous(workspace).get(link["url"], headers={"Accept-Language": "ru"})
    assert gone.status_code == 410
    assert "Ссылку отозвали." in gone.text
