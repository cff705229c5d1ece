"""Share links that carry a view: the recipient sees exactly the filtered map or the scoped
report the link was made for, and a URL whose view was edited (widened, changed or removed)
is refused, as is a view edited in the links file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from journeymap.web.app import create_web_app
from journeymap.web.share_links import LINKS_FILE, canonical_view

JSON = {"Accept": "application/json"}
BARRIER = "нет цен"
"""Words of the retail template's barrier (shown only while the barriers lane is)."""


def _make(client: TestClient, csrf: str, kind: str, view: str) -> dict[str, str]:
    data = {"csrf": csrf, "kind": kind, "days": "7", "view": view}
    answer = client.post("/maps/retail/shares", data=data, headers=JSON)
    assert answer.status_code == 201, answer.text
    link: dict[str, str] = answer.json()
    return link


def test_a_map_link_shows_only_its_view_and_refuses_a_widened_url(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    whole = _make(client, csrf, "map", "")
    link = _make(client, csrf, "map", "view=1&lane=actions&lane=touchpoints")
    assert link["view"] == "view=1&lane=actions&lane=touchpoints"
    assert link["url"].endswith("/retail?view=1&lane=actions&lane=touchpoints")
    stranger = TestClient(create_web_app(workspace), follow_redirects=False)
    assert BARRIER in stranger.get(whole["url"]).text
    page = stranger.get(link["url"])
    assert page.status_code == 200, page.text
    assert BARRIER not in page.text
    base = link["url"].partition("?")[0]
    for edited in (base, f"{link['url']}&lane=barriers", base + "?view=1&lane=barriers"):
        refused = stranger.get(edited)
        assert refused.status_code == 403, edited
        assert BARRIER not in refused.text
    # a view spelled another way by the browser is the same view
    assert stranger.get(base + "?view=1&lane=action%73&lane=touchpoints").status_code == 200


def test_a_report_link_shows_its_scope_without_pickers_and_refuses_another(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    link = _make(client, csrf, "report", "segment=channel%3Dweb&since=2026-03-01&other=1")
    assert link["view"] == "segment=channel%3Dweb&since=2026-03-01"
    stranger = TestClient(create_web_app(workspace), follow_redirects=False)
    page = stranger.get(link["url"])
    assert page.status_code == 200, page.text
    assert "channel=web" in page.text
    assert 'id="report-scope"' not in page.text
    base = link["url"].partition("?")[0]
    assert stranger.get(base).status_code == 403  # the whole report: wider than shared
    assert stranger.get(base + "?segment=channel%3Dads&since=2026-03-01").status_code == 403
    # the view edited in the links file no longer matches the signature
    file = workspace / LINKS_FILE
    rows = json.loads(file.read_text(encoding="utf-8"))
    rows[-1]["view"] = ""
    file.write_text(json.dumps(rows), encoding="utf-8")
    assert stranger.get(base).status_code == 403
    assert stranger.get(link["url"]).status_code == 403


def test_a_report_view_that_cannot_be_read_makes_no_link(
    client: TestClient, sign_in: Callable[[str], str]
) -> None:
    data = {"csrf": sign_in("egor"), "kind": "report", "view": "since=yesterday"}
    answer = client.post("/maps/retail/shares", data=data, headers=JSON)
    assert answer.status_code == 422
    # no language asked for, by the user or the browser: the (Russian) map's language answers
    assert "ГГГГ-ММ-ДД" in answer.json()["error"]
    english = {**JSON, "Accept-Language": "en"}
    answer = client.post("/maps/retail/shares", data=data, headers=english)
    assert "YYYY-MM-DD" in answer.json()["error"]
    links = client.get("/maps/retail/shares.json").json()["links"]
    assert links == []


def test_the_editor_shares_the_view_it_shows(
    client: TestClient, sign_in: Callable[[str], str]
) -> None:
    sign_in("egor")
    page = client.get("/maps/retail?view=1&lane=actions").text
    assert 'name="view" value="view=1&amp;lane=actions"' in page
    assert canonical_view("b=%3D&a=") == "b=%3D&a="
