"""The analytics workbench, the customer 360 and the personalization pages, and their JSON and
CSV twins, over a seed-shop workspace with eight customers (see `analytics_workspace`)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from journeymap.web.workbench_query import WorkbenchQuery
from tests.web.analytics_workspace import (
    PASSWORD,
    SEED_SHOP,
    STEPS,
    make_analytics_workspace,
)
from tests.web.conftest import csrf_of, signed_in_client

MAP = "/maps/seed-shop.en"
PERSONS = 8


def _reached(step: int) -> int:
    """Customers who walked at least `step` + 1 steps (u{n} walks n % 4 + 1)."""
    return sum(1 for n in range(PERSONS) if n % 4 + 1 > step)


def test_the_query_lives_in_the_url_and_reads_back_the_same() -> None:
    text = "kind=funnel&steps=A&steps=stage%3Ab&window=7d&order=strict&breakdown=channel"
    query = WorkbenchQuery.of(QueryParams(text))
    assert query.steps == ("A", "stage:b")
    assert WorkbenchQuery.of(QueryParams(query.query_string())) == query
    assert WorkbenchQuery.of(QueryParams("kind=nonsense&order=x")).kind == "funnel"


def test_a_funnel_as_a_page_a_table_json_and_csv(analytics_client: TestClient) -> None:
    query = f"kind=funnel&steps={STEPS[1]}&steps={STEPS[3]}"
    data = analytics_client.get(f"{MAP}/analytics.json?{query}").json()
    persons = [row["persons"] for row in data["result"]["rows"]]
    assert persons == [_reached(1), _reached(3)]
    page = analytics_client.get(f"{MAP}/analytics?{query}").text
    assert '<svg class="bars"' in page
    assert '<table class="result"' in page
    assert data["csv"] in page.replace("&amp;", "&")
    answer = analytics_client.get(data["csv"])
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0][2] == "Persons"
    assert [int(r[2]) for r in rows[1:]] == persons


def test_steps_may_be_stages_and_a_breakdown_splits_them(analytics_client: TestClient) -> None:
    query = "kind=funnel&steps=stage:research&steps=stage:purchase&breakdown=channel"
    rows = analytics_client.get(f"{MAP}/analytics.json?{query}").json()["result"]["rows"]
    firsts = [r["persons"] for r in rows if r["step"] == 1]
    assert sum(firsts) == PERSONS
    assert {r["breakdown"] for r in rows} == {"web", "email", "ads"}
    assert {r["name"] for r in rows} == {"Choosing seeds", "Cart and checkout"}  # the map's names


def test_a_funnel_of_event_names_is_not_bound_to_the_map(
    analytics_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import journeymap.web.workbench_routes as routes

    ids = {"catalog", "research"}
    assert WorkbenchQuery(steps=("stage:research",)).binds(ids)
    assert WorkbenchQuery(steps=("catalog",)).binds(ids)
    assert WorkbenchQuery(steps=("A",), breakdown="touchpoint").binds(ids)
    assert not WorkbenchQuery(steps=("A", "event:catalog")).binds(ids)
    binds: list[object] = []
    real = routes.bind_events
    monkeypatch.setattr(routes, "bind_events", lambda *a: binds.append(a) or real(*a))
    url = f"{MAP}/analytics.json?kind=funnel&steps={STEPS[0]}&steps=event:{STEPS[3]}"
    plain = analytics_client.get(f"{url}&breakdown=channel").json()
    assert binds == []
    monkeypatch.setattr(WorkbenchQuery, "binds", lambda *_: True)
    assert analytics_client.get(f"{url}&breakdown=channel").json() == plain  # as when it was bound
    assert len(binds) == 1


@pytest.mark.parametrize(
    "query",
    [
        "kind=paths&by=stage",
        f"kind=retention&start={STEPS[1]}&return={STEPS[3]}",
        f"kind=attribution&conversion={STEPS[3]}",
        f"kind=segments&conversion={STEPS[3]}&segment=channel",
    ],
)
def test_every_analysis_gives_rows(analytics_client: TestClient, query: str) -> None:
    data = analytics_client.get(f"{MAP}/analytics.json?{query}").json()
    assert data["error"] is None
    assert data["result"]["rows"]


def test_a_bad_query_is_a_message_never_a_500(analytics_client: TestClient) -> None:
    answer = analytics_client.get(
        f"{MAP}/analytics?kind=retention&start=Nope&return=Order+Completed"
    )
    assert answer.status_code == 422
    assert "Nope" in answer.text
    assert analytics_client.get(f"{MAP}/analytics.csv?kind=funnel&steps=Nope").status_code == 422
    assert analytics_client.get("/maps/missing/analytics").status_code == 404


def test_find_a_customer_by_id_e_mail_or_named_trait(analytics_client: TestClient) -> None:
    by_email = analytics_client.get("/people.json?q=buyer3@example.org").json()["persons"]
    assert [p["person_id"] for p in by_email] == ["u3"]
    named = analytics_client.get("/people.json?q=email%3DBUYER2@example.org").json()["persons"]
    assert [p["person_id"] for p in named] == ["u2"]
    assert analytics_client.get("/people.json?q=u5").json()["persons"][0]["person_id"] == "u5"
    nobody = analytics_client.get("/people?q=nobody@example.org")
    assert nobody.status_code == 404
    assert "Nobody in the store matches nobody@example.org." in nobody.text


def test_a_customer_360(analytics_client: TestClient) -> None:
    data = analytics_client.get("/people/u3.json?map=seed-shop.en").json()
    assert data["person"]["traits"]["email"] == "buyer3@example.org"
    assert data["profile"]["stage"] == "purchase"
    stages = [g["stage"] for g in data["timeline"]]
    assert stages == ["research", "purchase", None]  # the map's order, unbound events last
    assert sum(len(g["events"]) for g in data["timeline"]) == 5
    assert [f["text"] for f in data["feedback"]] == ["Fast delivery"]
    items = data["recommendations"]["items"]
    assert items
    assert all(item["reason_text"] for item in items)
    page = analytics_client.get("/people/u3?map=seed-shop.en").text
    assert "Fast delivery" in page
    assert items[0]["reason_text"].replace('"', "&#34;") in page


def test_an_unknown_customer_gets_a_clear_message(analytics_client: TestClient) -> None:
    answer = analytics_client.get("/people/ghost")
    assert answer.status_code == 404
    assert "No customer &#39;ghost&#39; in the store." in answer.text
    assert analytics_client.get("/people/ghost.json").status_code == 404


def test_personalization_policies_and_previews(analytics_client: TestClient) -> None:
    data = analytics_client.get(f"{MAP}/personalization.json?persona=marina").json()
    assert [s["stage"] for s in data["stages"]][:2] == ["awareness", "research"]
    assert all(s["role"] and s["sources"] for s in data["stages"])
    assert any(s["preview"] for s in data["stages"])
    real = analytics_client.get(f"{MAP}/personalization.json?person=u2").json()
    assert real["person"] == "u2"
    assert analytics_client.get(f"{MAP}/personalization?person=ghost").status_code == 404


def test_the_pages_speak_russian(analytics_client: TestClient) -> None:
    headers = {"Accept-Language": "ru"}
    analytics_client.cookies.clear()
    assert (
        analytics_client.get(f"{MAP}/analytics", headers=headers).status_code == 303
    )  # signed out
    token = csrf_of(analytics_client.get("/login").text)
    data = {"csrf": token, "name": "olga", "password": PASSWORD, "next": "/maps"}
    analytics_client.post("/login", data=data)
    page = analytics_client.get(
        f"{MAP}/analytics?kind=funnel&steps=Order+Completed", headers=headers
    )
    assert "Скачать CSV" in page.text
    wrong = analytics_client.get(f"{MAP}/analytics?kind=funnel&steps=Nope", headers=headers)
    assert "в данных нет события, точки контакта или этапа 'Nope'" in wrong.text.replace(
        "&#39;", "'"
    )
    assert "Найти клиента" in analytics_client.get("/people", headers=headers).text


def test_the_start_and_end_of_cases_are_named_in_tables_and_csv(
    analytics_client: TestClient,
) -> None:
    query = f"{MAP}/analytics{{}}?kind=transitions&by=stage"
    rows = analytics_client.get(query.format(".json")).json()["result"]["rows"]
    assert {"__start__", "__end__"} <= {r["source"] for r in rows} | {r["target"] for r in rows}
    for language, start, end in (("en", "Start", "End"), ("ru", "Начало", "Конец")):
        headers = {"Accept-Language": language}
        page = analytics_client.get(query.format(""), headers=headers).text
        table = page.partition('<table class="result"')[2].partition("</table>")[0]
        assert f">{start}<" in table
        assert f">{end}<" in table
        assert "__start__" not in table
        assert "__end__" not in table
        text = analytics_client.get(query.format(".csv"), headers=headers).text
        lines = list(csv.reader(io.StringIO(text)))
        assert start in {line[0] for line in lines[1:]}
        assert end in {line[1] for line in lines[1:]}
        assert "__start__" not in str(lines)


def test_no_workspace_store_yet_means_empty_results(tmp_path: Path) -> None:
    from journeymap.service.accounts import Accounts

    root = tmp_path / "ws"
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.toml").write_text('name = "x"\n', encoding="utf-8")
    from tests.web.analytics_workspace import SEED_SHOP

    text = (SEED_SHOP / "maps" / "seed-shop.en.yaml").read_text(encoding="utf-8")
    (root / "maps" / "shop.yaml").write_text(text, encoding="utf-8")
    Accounts(root).add("olga", "admin", PASSWORD)
    with signed_in_client(root) as fresh:
        assert fresh.get("/maps/shop/analytics?kind=funnel&steps=X").status_code == 422
        assert fresh.get("/people/u1?map=shop").status_code == 404
        assert fresh.get("/maps/shop/personalization").status_code == 200


def test_paths_become_the_reports_flows_with_each_drop_off_once() -> None:
    from journeymap.web.workbench_run import _flows

    ended = "(drop-off)"
    nodes = [
        {"step": 1, "node": "A", "cases": 3},
        {"step": 2, "node": "B", "cases": 2},
        {"step": 2, "node": ended, "cases": 1},
        {"step": 3, "node": ended, "cases": 3},
    ]
    links = [
        {"step": 1, "source": "A", "target": "B", "cases": 2},
        {"step": 1, "source": "A", "target": ended, "cases": 1},
        {"step": 2, "source": "B", "target": ended, "cases": 2},
        {"step": 2, "source": ended, "target": ended, "cases": 1},
    ]
    flows = _flows(nodes, links)
    assert flows is not None
    assert flows.entered == 3
    assert flows.columns == [{"A": 3}, {"B": 2, "drop-off": 1}, {"drop-off": 2}]
    assert [(k.step, k.source, k.target) for k in flows.links] == [
        (0, "A", "B"),
        (0, "A", "drop-off"),
        (1, "B", "drop-off"),
    ]
    assert _flows([], []) is None


def test_the_paths_page_draws_a_sankey_of_stage_names(analytics_client: TestClient) -> None:
    page = analytics_client.get(f"{MAP}/analytics?kind=paths&by=stage").text
    assert '<svg class="sankey"' in page
    assert "Choosing seeds" in page


def test_a_prepared_serving_state_is_served_when_there_is_one(
    analytics_client: TestClient, analytics_root: Path
) -> None:
    """Without a prepared state each page computes only the one person's recommendations; with
    one (`journeymap recommend --prepare`, as the CLI prepares it) it reads the file: the same
    items and reasons either way, for buyers, viewers and the personalization preview."""
    from journeymap.model import load_map
    from journeymap.model.workspace import load_workspace
    from journeymap.personalize.catalog import content_folder, load_catalog
    from journeymap.personalize.strategies import load_policies
    from journeymap.personalize.strategies.policy_file import policy_for
    from journeymap.personalize.strategies.prepare import STATE_FILE, prepare_serving
    from journeymap.store import Store

    def pages() -> list[dict[str, Any]]:
        found = [
            analytics_client.get(f"/people/u{n}.json").json()["recommendations"] for n in (0, 3, 6)
        ]
        preview = analytics_client.get(f"{MAP}/personalization.json?person=u2").json()
        return [*found, {"source": preview["source"], "stages": preview["stages"]}]

    computed = pages()
    assert {c["source"] for c in computed} == {"computed"}
    workspace = load_workspace(analytics_root)
    journey = load_map(analytics_root / "maps" / "seed-shop.en.yaml")
    policies = load_policies(content_folder(workspace))
    with Store.open(workspace) as store:
        prepare_serving(
            store,
            journey=journey,
            catalog=load_catalog(workspace),
            policy=policy_for(policies, journey.id, journey.personalization),
            language=workspace.config.language or "en",
            path=analytics_root / STATE_FILE,
        )
    try:
        prepared = pages()
        os.utime(
            analytics_root / STATE_FILE, (0, 0)
        )  # written before the events were received: stale
        stale = analytics_client.get("/people/u3.json").json()["recommendations"]
    finally:
        (analytics_root / STATE_FILE).unlink()
    assert stale == computed[1]
    assert {p["source"] for p in prepared} == {"prepared"}
    assert [bool(p["items"]) for p in prepared[:3]] == [False, True, True]  # u0 viewed no item
    for one, everyone in zip(computed, prepared, strict=True):
        assert {**one, "source": ""} == {**everyone, "source": ""}


def test_days_and_a_segment_filter_scope_every_analysis(analytics_client: TestClient) -> None:
    funnel = f"{MAP}/analytics.json?kind=funnel&steps={STEPS[1]}"
    days = analytics_client.get(f"{funnel}&since=2026-03-03&until=2026-03-06").json()
    # customers u2..u5 were active those days; u4 never viewed a product
    assert days["result"]["rows"][0]["persons"] == 3
    assert days["query"]["since"] == "2026-03-03"
    wrong = analytics_client.get(f"{funnel}&since=2026-03-06&until=2026-03-03")
    assert wrong.status_code == 422
    assert wrong.json()["error"] == "the first day is after the last; swap them"
    assert analytics_client.get(f"{funnel}&only=nonsense").status_code == 422


def test_the_report_page_measures_the_workspaces_chains(tmp_path: Path) -> None:
    # the seed-shop map has a KPI on the cart reminder's effect and a solution naming the chain:
    # the app's report must load the workspace's automations as `journeymap report` does
    root = make_analytics_workspace(tmp_path / "ws")
    shutil.copytree(SEED_SHOP / "automations", root / "automations")
    with signed_in_client(root) as client:
        report = client.get(f"{MAP}/report.json").json()
    kpis = {k["kpi"]: k for k in report["kpis"]}
    assert "cart-reminder" in (kpis["reminder-lift"]["message"] or "")
    assert "not loaded" not in json.dumps(report)
