"""Editing existing touchpoints (with bindings and the picker), solutions and KPIs (with the
measure builder), and the views and exports of the editor."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from journeymap.model import load_map
from tests.web.test_editor import HTMX, _post, _state

JSON = {"Accept": "application/json"}


def _stage_with_solution(client: TestClient) -> tuple[str, str]:
    for stage in _state(client)["map"]["stages"]:
        for barrier in stage.get("barriers", []):
            if barrier.get("solutions"):
                return stage["id"], barrier["id"]
    raise AssertionError("the retail template has a barrier with solutions")


def test_editing_and_deleting_a_touchpoint_keeps_the_bindings_a_form_cannot_show(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    path = workspace / "maps" / "retail.yaml"
    journey = load_map(path)
    complex_tp = next(t for t in journey.touchpoints if t.bindings and t.bindings[0].context)
    rows = {"binding_event": "Ad Clicked", "binding_key": "medium", "binding_value": "cpc"}
    answer = _post(
        client, csrf, f"/maps/retail/touchpoints/{complex_tp.id}", name="Ads", kind="online",
        department="growth", owner="Ira", **rows,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    edited = next(t for t in load_map(path).touchpoints if t.id == complex_tp.id)
    assert (edited.name, edited.department, edited.owner) == ("Ads", "growth", "Ira")
    assert edited.bindings[0].event == "Ad Clicked"
    assert edited.bindings[0].properties == {"medium": "cpc"}
    assert edited.bindings[1:] == complex_tp.bindings  # kept as written
    staged = [s.id for s in load_map(path).stages if complex_tp.id in s.touchpoints]
    answer = _post(client, csrf, f"/maps/retail/touchpoints/{complex_tp.id}/delete")
    assert answer.status_code == 200, answer.text
    after = load_map(path)
    assert complex_tp.id not in {t.id for t in after.touchpoints}
    assert all(complex_tp.id not in s.touchpoints for s in after.stages if s.id in staged)
    refused = _post(client, csrf, "/maps/retail/touchpoints/nowhere", name="x")
    assert 'class="error"' in refused.text
    forged = {"token": _state(client)["token"], "name": "x", "kind": "online"}
    assert client.post("/maps/retail/touchpoints/site", data=forged).status_code == 403


def test_editing_and_deleting_a_solution(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    stage, barrier = _stage_with_solution(client)
    url = f"/maps/retail/stages/{stage}/barriers/{barrier}/solutions/0"
    fields = {"text": "Call back in an hour", "owner": "Sales", "status": "planned"}
    answer = _post(
        client, csrf, url, effort="2", customer_value="80", business_value="60", **fields
    )
    assert answer.status_code == 200, answer.text
    solutions = next(
        b for s in load_map(workspace / "maps" / "retail.yaml").stages if s.id == stage
        for b in s.barriers if b.id == barrier
    ).solutions  # fmt: skip
    first = solutions[0]
    assert (first.text, first.status, first.effort, first.priority) == (
        "Call back in an hour", "planned", 2, round(70 / 3, 1)
    )  # fmt: skip
    assert 'class="error"' in _post(client, csrf, url, text="x", effort="9").text  # 0..5
    count = len(solutions)
    assert _post(client, csrf, url + "/delete").status_code == 200
    barriers = next(s for s in _state(client)["map"]["stages"] if s["id"] == stage)["barriers"]
    left = next(b for b in barriers if b["id"] == barrier).get("solutions", [])
    assert len(left) == count - 1


def test_the_kpi_measure_builder_edits_a_kpi_and_reads_it_as_a_sentence(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    stage = next(s for s in _state(client)["map"]["stages"] if s.get("kpis"))
    kpi = stage["kpis"][0]["id"]
    url = f"/maps/retail/stages/{stage['id']}/kpis/{kpi}"
    built = {"measure_function": "conversion", "measure_from": "website", "measure_to": "store"}
    token = _state(client)["token"]
    draft = client.post(
        url + "?draft=1", data={"csrf": csrf, "token": token, "name": "Visits", **built},
        headers=HTMX | JSON,
    ).json()  # fmt: skip
    assert not draft["errors"]
    names = {t.id: t.name for t in load_map(workspace / "maps" / "retail.yaml").touchpoints}
    assert names["website"] in draft["measure_sentence"]
    assert names["store"] in draft["measure_sentence"]
    answer = _post(client, csrf, url, name="Visits", target="15%", direction="increase", **built)
    assert answer.status_code == 200, answer.text
    saved = next(
        s for s in load_map(workspace / "maps" / "retail.yaml").stages if s.id == stage["id"]
    )
    edited = next(k for k in saved.kpis if k.id == kpi)
    assert (edited.name, edited.measure, edited.target) == (
        "Visits", "conversion(website -> store)", 0.15
    )  # fmt: skip
    assert draft["measure_sentence"] in answer.text  # the list reads the measure as a sentence
    unknown = {"measure_function": "nps", "measure_from": "nowhere"}
    assert 'class="error"' in _post(client, csrf, url, name="Visits", **unknown).text
    assert _post(client, csrf, url + "/delete").status_code == 200
    stages = _state(client)["map"]["stages"]
    assert kpi not in {k["id"] for s in stages for k in s.get("kpis", [])}


def _ingest(workspace: Path) -> None:
    from journeymap.events.ingest import ingest_file
    from journeymap.store import Store

    lines = [
        {"type": "track", "event": name, "anonymousId": f"a{i}", "messageId": f"m{i}",
         "timestamp": f"2026-01-0{1 + i % 5}T10:00:00Z", "properties": {"room": room}}
        for i, (name, room) in enumerate(
            [("Product Viewed", "kitchen")] * 3 + [("Product Viewed", "bath"), ("Email Opened", "")]
        )
    ]  # fmt: skip
    source = workspace / "events.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    with Store.open(f"duckdb://{workspace}/.journeymap/store.duckdb") as store:
        result = ingest_file(store, source)
    assert result.rows_stored == len(lines), result


def test_the_bindings_picker_offers_the_stores_events_and_counts_each_binding(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    csrf = sign_in("egor")
    empty = client.get("/maps/retail/touchpoints/website/bindings", headers=JSON).json()
    without_csrf = client.post("/maps/retail/touchpoints/website/bindings", headers=JSON)
    assert without_csrf.status_code == 403
    assert empty["events"] == []
    assert "ingest" in client.get("/maps/retail/touchpoints/website/bindings").text  # says so
    _ingest(workspace)
    rows = [("binding_event", "Product Viewed"), ("binding_key", "room"),
            ("binding_value", "kitchen"), ("binding_event", "Email Opened"),
            ("binding_key", ""), ("binding_value", "")]  # fmt: skip
    body = urlencode([("csrf", csrf), *rows])
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = client.post(
        "/maps/retail/touchpoints/website/bindings", content=body, headers=JSON | form
    )
    found: dict[str, Any] = answer.json()
    assert found["events"][0] == {"name": "Product Viewed", "events": 4}
    assert "room" in found["property_keys"]
    assert [b["events"] for b in found["bindings"]] == [3, 1]
    saved = client.get("/maps/retail/touchpoints/website/bindings", headers=JSON).json()
    assert [b["event"] for b in saved["bindings"]] == ["Product Viewed", "Calculator Used"]
    assert [b["events"] for b in saved["bindings"]] == [4, 0]


def test_a_view_hides_lanes_and_filters_and_the_export_follows_it(
    client: TestClient, sign_in: Callable[[str], str], workspace: Path
) -> None:
    sign_in("vera")  # a viewer may look and export
    journey = load_map(workspace / "maps" / "retail.yaml")
    names = {t.id: t.name for t in journey.touchpoints}
    sales = next(t.department for t in journey.touchpoints if t.id == "store")
    whole = client.get("/maps/retail").text
    view = urlencode(
        [("view", 1), ("lane", "actions"), ("lane", "touchpoints"), ("department", sales)]
    )
    page = client.get(f"/maps/retail?{view}").text
    assert names["website"] in whole
    assert names["website"] not in page  # another department
    assert f'href="/maps/retail/export.md?{view.replace("&", "&amp;")}' in page
    markdown = client.get(f"/maps/retail/export.md?{view}")
    assert markdown.status_code == 200
    assert "attachment" in markdown.headers["content-disposition"]
    full = client.get("/maps/retail/export.md").text
    assert names["store"] in markdown.text
    assert names["website"] in full
    assert names["website"] not in markdown.text
    assert client.get("/maps/retail/export.xlsx").content[:2] == b"PK"
    assert client.get("/maps/retail/export.exe").status_code == 404
