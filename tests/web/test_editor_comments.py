"""Comments on cells and items (kept next to the map, with author and time, resolvable) and
evidence editing, over HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from journeymap.model import load_map
from tests.web.test_editor import HTMX, _post


def test_comments_on_a_cell_and_an_item_are_kept_beside_the_map_and_resolved(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    path = workspace / "maps" / "retail.yaml"
    before = path.read_text(encoding="utf-8")
    csrf = sign_in("vera")  # a viewer takes part in the discussion
    cell = "stage/store-visit/fears"
    answer = client.post(
        "/maps/retail/comments",
        data={"csrf": csrf, "target": cell, "text": "Чего она боится в салоне?"},
        headers=HTMX,
    )
    assert answer.status_code == 200, answer.text
    assert "Чего она боится в салоне?" in answer.text
    assert 'class="marker"' in answer.text  # the cell and its stage are marked
    item = "stage/studying-site-and-social/barrier/barrier-1"
    data = {"csrf": csrf, "target": item, "text": "Есть данные опроса"}
    client.post("/maps/retail/comments", data=data, headers=HTMX)
    data = {"csrf": csrf, "target": "touchpoint/website", "text": "Нет цен на сайте"}
    answer = client.post("/maps/retail/comments", data=data, headers=HTMX)
    assert 'id="map-comments"' in answer.text
    assert "Нет цен на сайте" in answer.text  # in the box of touchpoints and personas
    assert path.read_text(encoding="utf-8") == before  # the map file is not touched
    stored = json.loads((workspace / ".journeymap/comments/retail.json").read_text("utf-8"))
    targets = [(c["target"], c["author"]) for c in stored]
    assert targets == [(cell, "vera"), (item, "vera"), ("touchpoint/website", "vera")]
    assert stored[0]["created_at"].endswith("+00:00")

    refused = [
        {"target": cell, "text": "  "},
        {"target": "stage/nowhere/fears", "text": "?"},
        {"target": "stage/store-visit/no-such-lane", "text": "?"},
    ]
    for fields in refused:
        answer = client.post("/maps/retail/comments", data={"csrf": csrf, **fields}, headers=HTMX)
        assert answer.status_code == 422, fields
    assert (
        client.post("/maps/retail/comments", data={"target": cell, "text": "x"}).status_code == 403
    )

    first = stored[0]["id"]
    csrf = sign_in("egor")  # an editor resolves a viewer's comment
    answer = client.post(
        f"/maps/retail/comments/{first}/resolve", data={"csrf": csrf}, headers=HTMX
    )
    assert answer.status_code == 200
    shown = client.get("/maps/retail/comments.json").json()["comments"]
    assert (shown[0]["resolved"], shown[0]["resolved_by"]) == (True, "egor")
    assert shown[1]["resolved"] is False
    page = client.get("/maps/retail").text
    assert f'id="comment-{first}"' in page
    assert "egor" in page
    client.post(f"/maps/retail/comments/{first}/reopen", data={"csrf": csrf}, headers=HTMX)
    assert client.get("/maps/retail/comments").json()["comments"][0]["resolved"] is False

    csrf = sign_in("adam")
    second = stored[1]["id"]
    client.post("/maps/retail/comments", data={"csrf": csrf, "target": cell, "text": "мой"})
    csrf = sign_in("vera")  # a viewer resolves only her own comments
    mine = client.post(f"/maps/retail/comments/{second}/resolve", data={"csrf": csrf})
    assert mine.status_code == 303
    theirs = client.get("/maps/retail/comments").json()["comments"][-1]["id"]
    other = client.post(f"/maps/retail/comments/{theirs}/resolve", data={"csrf": csrf})
    assert other.status_code == 403


def test_evidence_is_added_edited_and_removed_with_lint_as_you_type(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    url = "/maps/retail/stages/studying-site-and-social/barriers/barrier-1/evidence"
    fields = {"source": "interview", "note": "7 из 12 интервью", "sample_size": "12"}
    draft = client.post(
        f"{url}?draft=1",
        data={"csrf": csrf, "token": client.get("/maps/retail.json").json()["token"], **fields},
        headers={"Accept": "application/json"},
    )
    assert draft.json()["errors"] == []
    answer = _post(client, csrf, url, **fields)
    assert answer.status_code == 200, answer.text
    barrier = load_map(path).stage("studying-site-and-social").barriers[0]
    assert [(e.source, e.note, e.sample_size) for e in barrier.evidence] == [
        ("assumption", None, None),
        ("interview", "7 из 12 интервью", 12),
    ]
    assert "7 из 12 интервью" in answer.text
    _post(client, csrf, f"{url}/0", source="survey", link="https://example.org/survey")
    _post(client, csrf, f"{url}/1/delete")
    barrier = load_map(path).stage("studying-site-and-social").barriers[0]
    assert [(e.source, e.link) for e in barrier.evidence] == [
        ("survey", "https://example.org/survey")
    ]
    _post(client, csrf, "/maps/retail/personas/persona-1/evidence", source="interview")
    assert [e.source for e in load_map(path).personas[0].evidence] == ["assumption", "interview"]
    stage_url = "/maps/retail/stages/store-visit/evidence"
    _post(client, csrf, stage_url, source="observation", note="в салоне")
    assert load_map(path).stage("store-visit").evidence[-1].source == "observation"
    assert _post(client, csrf, f"{stage_url}/9").status_code == 422
    assert (
        _post(client, csrf, stage_url, source="interview", sample_size="много").status_code == 422
    )
    text = path.read_text(encoding="utf-8")
    assert "- survey\n" not in text  # written with its link, not in the short form
    assert "# дата, когда карту последний раз сверяли с реальностью" in text
