"""Lint as you type: a draft is checked like `validate` and `lint`, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from journeymap.lint.runner import lint_document
from journeymap.model import load_document

HTMX = {"HX-Request": "true", "Accept": "application/json"}


def _draft(client: TestClient, csrf: str, url: str, **data: str) -> dict[str, Any]:
    token = client.get("/maps/retail.json").json()["token"]
    answer = client.post(
        f"{url}?draft=1", data={"csrf": csrf, "token": token, **data}, headers=HTMX
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_a_draft_persona_shows_the_cli_finding_then_its_fix_and_saves_nothing(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    before = path.read_text(encoding="utf-8")
    vague = _draft(client, csrf, "/maps/retail/personas", name="Пётр")
    added = {f["code"]: f["message"] for f in vague["added"]}
    assert "JM202" in added
    # the same message as the CLI's lint on that map would print
    assert "Пётр" in added["JM202"] or "petr" in added["JM202"]
    concrete = _draft(client, csrf, "/maps/retail/personas", name="Пётр", occupation="инженер")
    assert "JM202" not in {f["code"] for f in concrete["added"]}
    assert path.read_text(encoding="utf-8") == before
    assert lint_document(load_document(path)).findings  # the saved map is untouched


def test_a_draft_that_cannot_load_or_apply_says_why(
    client: TestClient, sign_in: Callable[[str], str]
) -> None:
    csrf = sign_in("egor")
    stage = client.get("/maps/retail.json").json()["map"]["stages"][0]["id"]
    bad = _draft(client, csrf, f"/maps/retail/stages/{stage}/kpis", name="X", measure="nps()")
    assert bad["errors"]
    assert "nps" in bad["errors"][0]
    empty = _draft(client, csrf, "/maps/retail/stages", name=" ")
    assert empty["errors"]


def test_a_draft_is_html_next_to_the_form_and_needs_the_editor_role(
    client: TestClient, sign_in: Callable[[str], str]
) -> None:
    csrf = sign_in("egor")
    token = client.get("/maps/retail.json").json()["token"]
    form = {"csrf": csrf, "token": token, "name": "Пётр"}
    draft = "/maps/retail/personas?draft=1"
    answer = client.post(draft, data=form, headers={"HX-Request": "true"})
    assert 'data-code="JM202"' in answer.text
    assert "добавит" in answer.text or "would add" in answer.text
    editor = client.get("/maps/retail").text
    assert 'hx-post="/maps/retail/personas?draft=1"' in editor
    assert 'class="draft"' in editor
    client.cookies.clear()
    csrf = sign_in("vera")
    form["csrf"] = csrf
    assert client.post(draft, data=form, headers=HTMX).status_code == 403
