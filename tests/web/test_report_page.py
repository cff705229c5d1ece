"""The living report in the app: its segment and date scope in the URL (and the JSON twin's),
and the KPI trends across report runs as small charts, over the eight-customer seed shop."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from journeymap.model import load_map
from journeymap.report.snapshots import snapshot_folder
from journeymap.web.report_scope import ReportScope
from journeymap.web.report_trends import HEIGHT, trend_charts

REPORT = "/maps/seed-shop.en/report"


def test_the_scope_reads_back_from_its_query_string() -> None:
    scope = ReportScope.of(QueryParams("segment=channel%3Dweb&since=2026-03-02&x=1"))
    assert scope == ReportScope("channel=web", "2026-03-02", "")
    assert ReportScope.of(QueryParams(scope.query_string())) == scope
    assert ReportScope().query_string() == ""
    assert scope.describe() == "channel=web · 2026-03-02 … …"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        ReportScope(since="2026-02-30").checked()
    with pytest.raises(ValueError, match="swap"):
        ReportScope(since="2026-03-05", until="2026-03-01").checked()


def test_dates_and_a_segment_scope_the_report_and_its_json_twin(
    analytics_client: TestClient,
) -> None:
    # u{n}'s events are on 2026-03-{n + 1}: from the 2nd to the 5th, u1..u4 remain
    days = analytics_client.get(f"{REPORT}.json?since=2026-03-02&until=2026-03-05").json()
    assert (days["from"], days["to"], days["data"]["persons"]) == ("2026-03-02", "2026-03-05", 4)
    assert "channel=web" in days["segment_options"]
    page = analytics_client.get(REPORT, params={"segment": "channel=web", "since": "2026-03-05"})
    assert page.status_code == 200
    persons = re.search(r'data-l10n="persons".*?<dd>(\d+)</dd>', page.text)
    assert persons is not None
    assert 0 < int(persons.group(1)) < 4
    assert '<option value="channel=email">' in page.text
    assert 'name="segment" value="channel=web"' in page.text
    assert 'name="since" type="date" value="2026-03-05"' in page.text
    assert "report.json?segment=channel%3Dweb&amp;since=2026-03-05" in page.text
    assert 'name="view" value="segment=channel%3Dweb&amp;since=2026-03-05"' in page.text


@pytest.mark.parametrize(
    ("query", "message"),
    [("since=03.05.2026", "YYYY-MM-DD"), ("segment=web", "KEY=VALUE")],
)
def test_a_bad_scope_is_a_message_never_a_500(
    analytics_client: TestClient, query: str, message: str
) -> None:
    page = analytics_client.get(f"{REPORT}?{query}")
    assert page.status_code == 422
    assert message in page.text
    answer = analytics_client.get(f"{REPORT}.json?{query}")
    assert answer.status_code == 422
    assert message in answer.json()["error"]


def test_kpi_trends_across_runs_are_drawn_as_small_charts(
    analytics_client: TestClient, analytics_root: Path
) -> None:
    journey = load_map(analytics_root / "maps" / "seed-shop.en.yaml")
    folder = snapshot_folder(analytics_root, journey.id)
    folder.mkdir(parents=True)
    for day, value in (("01", 0.2), ("02", 0.3)):
        at = f"2026-02-{day}T09:00:00+00:00"
        record = {"map": journey.id, "at": at, "segment": None, "kpis": {
            "cart-to-order": {"value": value, "unit": "share", "name": "Cart to order"},
        }}  # fmt: skip
        (folder / f"{day}.json").write_text(json.dumps(record), encoding="utf-8")
    try:
        page = analytics_client.get(REPORT).text
    finally:
        for file in folder.iterdir():
            file.unlink()
    chart = re.search(r'<li data-kpi="cart-to-order">(.*?)</li>', page, re.DOTALL)
    assert chart is not None
    assert "<polyline" in chart.group(1)
    assert "20.0% →" in chart.group(1)
    assert "3 runs" in chart.group(1)  # the two saved runs and this view's
    assert "01.02.2026" not in chart.group(1)  # English dates
    assert "2026-02-01 09:00: 20.0%; 2026-02-02 09:00: 30.0%" in chart.group(1)
    assert '<li data-kpi="view-to-cart">' not in page  # one run is no trend


def test_a_higher_value_is_drawn_higher() -> None:
    trends = {"k": [{"at": "2026-01-01T00:00:00", "value": 0.1, "unit": "share"},
                    {"at": "2026-01-02T00:00:00", "value": 0.4, "unit": "share"}],
              "flat": [{"at": "2026-01-01T00:00:00", "value": 2, "unit": "count"}]}  # fmt: skip
    charts = {c.kpi: c for c in trend_charts(trends, {"k": "K"}, "ru")}
    (x0, y0), (x1, y1) = charts["k"].dots
    assert x0 < x1
    assert y1 < y0
    assert charts["k"].first.startswith("10")
    assert charts["k"].name == "K"
    assert charts["flat"].dots == ((4.0, HEIGHT / 2),)
    assert charts["flat"].runs == 1


def test_the_workbench_draws_transitions_as_a_graph_with_its_table(
    analytics_client: TestClient,
) -> None:
    page = analytics_client.get("/maps/seed-shop.en/analytics?kind=transitions&by=stage").text
    graph = re.search(r'<figure class="graph" id="transition-graph">(.*?)</figure>', page, re.S)
    assert graph is not None
    edge = re.search(
        r'data-source="Choosing seeds" data-target="Cart and checkout">(.*?)</g>', graph.group(1)
    )
    assert edge is not None
    assert "4 times" in edge.group(1)
    assert "· 1 minute</text>" in edge.group(1)
    assert 'role="img" aria-label="Transitions graph:' in graph.group(1)
    assert "<table" in page.split('id="transition-graph"')[1]  # the table stays, as the text
