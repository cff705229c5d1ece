"""The editor over HTTP: each change is validated, linted, saved with comments; conflicts,
history, restore, JSON twins and the UI language."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from journeymap.model import load_map

HTMX = {"HX-Request": "true"}


def _state(client: TestClient, key: str = "retail") -> dict[str, Any]:
    answer = client.get(f"/maps/{key}.json")
    assert answer.status_code == 200
    data: dict[str, Any] = answer.json()
    return data


def _codes(client: TestClient) -> list[str]:
    return [f["code"] for f in _state(client)["findings"]]


_TOKEN = re.compile(r'data-token="([0-9a-f]+)"')


def _post(client: TestClient, csrf: str, url: str, **data: str) -> Any:
    """Post an editor form as htmx does, with the version token of the last editor shown."""
    token = getattr(client, "last_token", None) or _state(client)["token"]
    answer = client.post(url, data={"csrf": csrf, "token": token, **data}, headers=HTMX)
    found = _TOKEN.search(answer.text)
    client.last_token = found.group(1) if found else None  # type: ignore[attr-defined]
    return answer


def test_an_editor_edits_a_map_and_the_file_keeps_its_comments(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    before = path.read_text(encoding="utf-8")
    assert _post(client, csrf, "/maps/retail/personas", name="Пётр", age="52").status_code == 200
    assert _post(client, csrf, "/maps/retail/stages", name="Отзыв").status_code == 200
    journey = load_map(path)
    assert journey.personas[-1].name == "Пётр"
    stage = journey.stages[-1]
    assert stage.name == "Отзыв"
    url = f"/maps/retail/stages/{stage.id}"
    _post(client, csrf, f"{url}/emotions", persona="petr", score="-1", label="досада")
    _post(client, csrf, f"{url}/barriers", text="Негде оставить отзыв", severity="high")
    assert "JM401" in _codes(client)  # a barrier without solutions
    barrier = load_map(path).stages[-1].barriers[0]
    _post(
        client,
        csrf,
        f"{url}/barriers/{barrier.id}/solutions",
        text="Форма отзыва",
        owner="CX",
        status="planned",
        effort="2",
    )
    assert "JM401" not in _codes(client)
    last = len(load_map(path).stages) - 1  # the reorder endpoint moves it one place earlier
    _post(client, csrf, "/maps/retail/reorder", kind="stage", item=stage.id, to=str(last - 1))
    assert _post(client, csrf, f"{url}/move", offset="-1").status_code in {404, 405}  # gone
    _post(client, csrf, "/maps/retail/stages/store-visit/rename", name="Договор и оплата")
    after = path.read_text(encoding="utf-8")
    journey = load_map(path)
    assert journey.stages[-2].id == stage.id
    assert journey.stages[-2].emotions["petr"].score == -1
    assert journey.stage("store-visit").name == "Договор и оплата"
    solution = journey.stages[-2].barriers[0].solutions[0]
    assert (solution.owner, solution.status, solution.effort) == ("CX", "planned", 2)
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments
    assert all(line in after for line in comments)
    assert "# дата, когда карту последний раз сверяли с реальностью" in after


def test_editing_a_persona_and_deleting_a_barrier(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    answer = _post(
        client,
        csrf,
        "/maps/retail/personas",
        persona="persona-1",
        name="Ольга",
        age="36",
        goals="Кухня в бюджет\nМонтаж за день",
    )
    assert answer.status_code == 200
    persona = load_map(path).personas[0]
    assert (persona.id, persona.age, persona.goals) == (
        "persona-1",
        36,
        ["Кухня в бюджет", "Монтаж за день"],
    )
    _post(client, csrf, "/maps/retail/personas", name="Гость")
    _post(client, csrf, "/maps/retail/stages/store-visit/emotions", persona="gost", score="1")
    _post(client, csrf, "/maps/retail/personas/gost/delete")
    journey = load_map(path)
    assert "gost" not in [p.id for p in journey.personas]
    assert "gost" not in journey.stage("store-visit").emotions
    _post(client, csrf, "/maps/retail/stages/store-visit/barriers", text="Очередь", severity="low")
    barrier = load_map(path).stage("store-visit").barriers[-1]
    assert barrier.text == "Очередь"
    _post(client, csrf, f"/maps/retail/stages/store-visit/barriers/{barrier.id}/delete")
    assert barrier.id not in [b.id for b in load_map(path).stage("store-visit").barriers]


def test_deleting_a_stage(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    assert _post(client, csrf, "/maps/retail/stages/store-visit/delete").status_code == 200
    assert "store-visit" not in [s.id for s in load_map(workspace / "maps" / "retail.yaml").stages]


def test_an_invalid_change_is_refused_with_the_message(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    before = (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8")
    answer = client.post(
        "/maps/retail/stages/store-visit/emotions",
        data={"csrf": csrf, "token": _state(client)["token"], "persona": "persona-1", "score": "5"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 422
    assert "-2..+2" in answer.json()["notice"]["error"]
    assert (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8") == before


def test_two_editors_get_a_conflict_not_a_silent_overwrite(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    stale = _state(client)["token"]
    assert _post(client, csrf, "/maps/retail/stages", name="Первый").status_code == 200
    answer = client.post(
        "/maps/retail/stages",
        data={"csrf": csrf, "token": stale, "name": "Второй"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 409
    assert answer.json()["notice"]["conflict"]
    names = [s.name for s in load_map(workspace / "maps" / "retail.yaml").stages]
    assert "Первый" in names
    assert "Второй" not in names


def test_history_diff_and_restore(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    original = (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8")
    _post(client, csrf, "/maps/retail/stages", name="Лишний этап")
    versions = client.get("/maps/retail/history.json").json()["versions"]
    assert len(versions) == 2
    first = versions[-1]["name"]
    diff = client.get(f"/maps/retail/history/{first}.json").json()["diff"]
    assert diff["counts"] == {"added": 1}
    page = client.get(f"/maps/retail/history/{first}")
    assert "Лишний этап" in page.text
    answer = client.post(
        f"/maps/retail/history/{first}/restore",
        data={"csrf": csrf, "token": _state(client)["token"]},
    )
    assert answer.status_code == 303
    assert (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8") == original


def test_gallery_create_and_duplicate(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    gallery = client.get("/maps.json").json()
    assert [m["key"] for m in gallery["maps"]] == ["retail"]
    assert {t["name"] for t in gallery["templates"]} >= {"classic", "retail", "seed-shop"}
    made = client.post("/maps/new", data={"csrf": csrf, "template": "seed-shop", "language": "en"})
    assert made.status_code == 303
    key = made.headers["location"].rsplit("/", 1)[-1]
    copy = client.post(f"/maps/{key}/duplicate", data={"csrf": csrf, "segment": "experts"})
    copied = load_map(workspace / "maps" / (copy.headers["location"].rsplit("/", 1)[-1] + ".yaml"))
    assert copied.segment == "experts"
    entries = {m["key"]: m for m in client.get("/maps.json").json()["maps"]}
    assert len(entries) == 3
    assert entries["retail"]["warnings"] > 0
    html = client.get("/maps").text
    assert f"/maps/{copied.id}" in html


def test_the_report_and_its_json(client: TestClient, sign_in: Callable[[str], str]) -> None:
    sign_in("vera")
    page = client.get("/maps/retail/report")
    assert page.status_code == 200
    assert "<html" in page.text
    assert client.get("/maps/retail/report.json").json()["data"]["events"] == 0


def _messages(client: TestClient) -> str:
    answer = client.get("/maps/retail.json", headers={"Accept-Language": "en-US"})
    return " ".join(f["message"] for f in answer.json()["findings"])


def test_the_language_follows_the_browser_then_the_user(
    client: TestClient, sign_in: Callable[[str], str]
) -> None:
    csrf = sign_in("vera")
    assert "Персоны" in client.get("/maps/retail", headers={"Accept-Language": "ru-RU"}).text
    english = client.get("/maps/retail", headers={"Accept-Language": "en-US"}).text
    assert "Personas" in english
    assert "placeholder text" in _messages(client)  # lint speaks the UI language, not the map's
    client.post("/language", data={"csrf": csrf, "language": "ru", "next": "/maps"})
    page = client.get("/maps/retail", headers={"Accept-Language": "en-US"}).text
    assert "Персоны" in page
    assert 'lang="ru"' in page
    assert "текст-заполнитель" in _messages(client)


def test_editing_the_text_lanes_of_a_stage(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    page = client.get("/maps/retail", headers={"Accept-Language": "ru"}).text
    assert "Цели клиента" in page  # lanes named as the renderers name them
    answer = _post(
        client,
        csrf,
        "/maps/retail/stages/store-visit/lanes",
        customer_goals="Увидеть образцы\nУзнать цену",
        expectations="",
        thoughts="А если не подойдёт?",
    )
    assert answer.status_code == 200
    stage = load_map(workspace / "maps" / "retail.yaml").stage("store-visit")
    assert stage.customer_goals == ["Увидеть образцы", "Узнать цену"]
    assert stage.expectations == []
    assert stage.thoughts == ["А если не подойдёт?"]


def test_a_broken_map_is_shown_with_its_problem_not_a_traceback(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    sign_in("egor")
    (workspace / "maps" / "broken.yaml").write_text("id: broken\nstages: [\n", encoding="utf-8")
    entries = {m["key"]: m for m in client.get("/maps.json").json()["maps"]}
    assert "broken.yaml:" in entries["broken"]["problem"]
    answer = client.get("/maps/broken")
    assert answer.status_code == 422
    assert "broken.yaml" in answer.text
    assert client.get("/maps/nothing-here").status_code == 404


def test_undo_in_the_editor(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    before = (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8")
    _post(client, csrf, "/maps/retail/stages", name="Случайный этап")
    answer = _post(client, csrf, "/maps/retail/undo")
    assert answer.status_code == 200
    assert (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8") == before
    # one handler, two steps: redo brings the stage back; a second redo has nothing to do
    assert "Redone." in _post(client, csrf, "/maps/retail/redo").text
    assert "Случайный этап" in (workspace / "maps" / "retail.yaml").read_text(encoding="utf-8")
    again = _post(client, csrf, "/maps/retail/redo")
    assert again.status_code == 409
    assert "nothing to redo" in again.text
    found = client.get("/maps/retail/history.json").json()["versions"]
    assert [(v["author"], v["action"]) for v in found[:3]] == [
        ("egor", "redo"),
        ("egor", "undo"),
        ("egor", "edit"),
    ]


def test_touchpoints_are_added_and_linked_to_a_stage(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    answer = _post(
        client,
        csrf,
        "/maps/retail/touchpoints",
        name="Чат в Telegram",
        kind="online",
        channel="telegram",
        department="поддержка",
    )
    assert answer.status_code == 200
    touchpoint = load_map(path).touchpoints[-1]
    assert (touchpoint.id, touchpoint.channel) == ("chat-v-telegram", "telegram")
    token = _state(client)["token"]
    answer = client.post(
        "/maps/retail/stages/store-visit/touchpoints",
        content=f"csrf={csrf}&token={token}&touchpoint=chat-v-telegram&touchpoint=store",
        headers={**HTMX, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 200
    assert load_map(path).stage("store-visit").touchpoints == ["store", "chat-v-telegram"]


def test_a_kpi_with_a_target_and_a_measure_and_a_bad_measure_refused(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    _post(
        client,
        csrf,
        "/maps/retail/stages/store-visit/kpis",
        name="Визит в договор",
        target="30%",
        measure="conversion(store -> contract)",
    )
    kpi = load_map(path).stage("store-visit").kpis[-1]
    assert (kpi.target, kpi.measure) == (0.3, "conversion(store -> contract)")
    before = path.read_text(encoding="utf-8")
    answer = _post(
        client, csrf, "/maps/retail/stages/store-visit/kpis", name="Плохой", measure="conv(("
    )
    assert 'class="error"' in answer.text  # the loader's message, nothing written
    assert path.read_text(encoding="utf-8") == before


def test_a_store_that_cannot_be_opened_is_a_clear_503(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    sign_in("vera")
    (workspace / "journeymap.toml").write_text(
        'name = "shop"\nstore = "duckdb://broken.duckdb"\n', encoding="utf-8"
    )
    (workspace / "broken.duckdb").write_text("not a DuckDB file " * 1000, encoding="utf-8")
    answer = client.get("/maps/retail/report.json")
    assert answer.status_code == 503
    assert "broken.duckdb" in answer.json()["error"]
