"""Reordering and undo/redo over HTTP: one endpoint moves stages, touchpoints and solutions
(comments kept, conflicts refused); undo and redo live on the server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from journeymap.model import load_map
from journeymap.model.map_edits import add_solution
from journeymap.model.map_history import apply_edit, version_token
from tests.web.test_editor import _post, _state


def test_stages_touchpoints_and_solutions_move_keeping_their_comments(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    apply_edit(  # a second solution, so that the two can swap
        workspace, path, version_token(path.read_text(encoding="utf-8")),
        lambda d: add_solution(d, "studying-site-and-social", "barrier-1", "Цены на сайте", "web"),
        "egor",
    )  # fmt: skip
    before = load_map(path)
    stages = [s.id for s in before.stages]
    answer = _post(client, csrf, "/maps/retail/reorder", kind="stage", item=stages[0], to="2")
    assert answer.status_code == 200, answer.text
    assert [s.id for s in load_map(path).stages] == [*stages[1:3], stages[0], *stages[3:]]
    _post(client, csrf, "/maps/retail/reorder", kind="touchpoint", item="website", to="0")
    assert load_map(path).touchpoints[0].id == "website"
    answer = _post(
        client, csrf, "/maps/retail/reorder",
        kind="solution", item="1", to="0", stage="studying-site-and-social", barrier="barrier-1",
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    solutions = load_map(path).stage("studying-site-and-social").barriers[0].solutions
    assert [s.text for s in solutions] == ["Цены на сайте", solutions[1].text]
    text = path.read_text(encoding="utf-8")
    # comments inside a moved item go with it: the stage's own comment still follows its line
    assert "persona-1: {score: 1, label: воодушевление}  # от -2" in text
    assert "# Привязки (bindings) связывают точку контакта" in text
    assert text.index("id: choosing-company") < text.index("id: awareness-and-search")


def test_a_move_from_an_old_page_is_a_conflict_and_bad_moves_are_refused(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    old = _state(client)["token"]
    _post(client, csrf, "/maps/retail/reorder", kind="touchpoint", item="website", to="0")
    moved = path.read_text(encoding="utf-8")
    answer = client.post(
        "/maps/retail/reorder",
        data={"csrf": csrf, "token": old, "kind": "stage", "item": "store-visit", "to": "0"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 409
    assert 'id="conflict"' in answer.text
    assert path.read_text(encoding="utf-8") == moved
    for fields in (
        {"kind": "stage", "item": "nowhere", "to": "0"},
        {"kind": "persona", "item": "persona-1", "to": "0"},
        {"kind": "stage", "item": "store-visit", "to": "first"},
    ):
        answer = _post(client, csrf, "/maps/retail/reorder", **fields)
        assert answer.status_code == 422, fields
    assert path.read_text(encoding="utf-8") == moved


def test_move_buttons_post_to_the_reorder_endpoint(
    client: TestClient, sign_in: Callable[[str], str]
) -> None:
    sign_in("vera")
    assert 'action="/maps/retail/reorder"' not in client.get("/maps/retail").text
    csrf = sign_in("egor")
    page = client.get("/maps/retail").text
    assert page.count('action="/maps/retail/reorder"') >= 2 * (6 + 6 + 1)
    assert 'data-reorder="solution"' in page
    assert 'src="/static/editor.js"' in page
    assert client.get("/static/editor.js").status_code == 200
    token = client.get("/maps/retail.json").json()["token"]
    fields = {"csrf": csrf, "token": token, "kind": "touchpoint", "item": "store", "to": "0"}
    answer = client.post("/maps/retail/reorder", data=fields)  # a plain form, no JavaScript
    assert (answer.status_code, answer.headers["location"]) == (303, "/maps/retail")
    assert client.get("/maps/retail.json").json()["map"]["touchpoints"][0]["id"] == "store"
    csrf = sign_in("vera")
    answer = client.post("/maps/retail/reorder", data=fields | {"csrf": csrf})
    assert answer.status_code == 403  # a viewer cannot move


def test_undo_then_redo_and_a_new_edit_clears_redo(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    original = path.read_text(encoding="utf-8")
    _post(client, csrf, "/maps/retail/stages", name="Первый")
    first = path.read_text(encoding="utf-8")
    _post(client, csrf, "/maps/retail/stages", name="Второй")
    second = path.read_text(encoding="utf-8")
    assert _post(client, csrf, "/maps/retail/redo").status_code == 409  # nothing undone yet
    _post(client, csrf, "/maps/retail/undo")
    _post(client, csrf, "/maps/retail/undo")
    assert path.read_text(encoding="utf-8") == original
    client.last_token = None  # type: ignore[attr-defined]  # a reload: the server remembers
    assert _post(client, csrf, "/maps/retail/redo").status_code == 200
    assert path.read_text(encoding="utf-8") == first
    _post(client, csrf, "/maps/retail/redo")
    assert path.read_text(encoding="utf-8") == second
    _post(client, csrf, "/maps/retail/undo")
    _post(client, csrf, "/maps/retail/stages", name="Третий")  # a new edit clears redo
    answer = _post(client, csrf, "/maps/retail/redo")
    assert answer.status_code == 409
    assert "nothing to redo" in answer.text or "нечего" in answer.text
    _post(client, csrf, "/maps/retail/undo")
    assert path.read_text(encoding="utf-8") == first
