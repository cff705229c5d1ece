"""`journeymap costs import` and `journeymap analyze roi` end to end on a DuckDB store."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.store import Store
from tests.analytics.conftest import events_frame

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "events" / "fixtures" / "costs"
pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)

EVENTS = [
    {"person_id": "a", "event": "Page Viewed", "timestamp": "2026-11-01 10:00", "channel": "web",
     "context": {"campaign": {"source": "yandex", "name": "Осень_поиск"}},
     "traits": {}, "properties": {}},
    {"person_id": "a", "event": "Lead", "timestamp": "2026-11-01 10:05"},
    {"person_id": "a", "event": "Order Completed", "timestamp": "2026-11-01 11:00",
     "properties": {"revenue": 20000}},
    {"person_id": "b", "event": "Page Viewed", "timestamp": "2026-11-02 09:00", "channel": "email",
     "context": {"campaign": {"source": "vk", "name": "vk-retarget"}}},
    {"person_id": "b", "event": "Order Completed", "timestamp": "2026-11-02 12:00",
     "properties": {"revenue": 1000}},
]  # fmt: skip


def run(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    frame = events_frame(EVENTS)
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    with Store.open(url) as store:
        store.backend.insert("events", arrow)
    return url


def test_import_then_roi_by_channel_and_campaign(store_url: str) -> None:
    direct = run(
        "costs", "import", str(FIXTURES / "yandex_direct_wizard.csv"), "--store", store_url
    )
    assert direct.exit_code == 0, direct.output
    assert "yandex-direct" in direct.output
    again = run("costs", "import", str(FIXTURES / "yandex_direct_wizard.csv"),
                "--store", store_url, "--json")  # fmt: skip
    assert json.loads(again.stdout)["rows_replaced"] == 3  # re-import replaces, not doubles
    vk = run("costs", "import", str(FIXTURES / "vk_ads.csv"), "--store", store_url)
    assert vk.exit_code == 1  # one row rejected, with its line
    assert "line 4" in vk.output
    result = run("analyze", "roi", "--model", "first", "--lead", "Lead", "--store", store_url,
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"] == "first_touch"
    assert data["period"] == {"from": "2026-11-01", "to": "2026-11-03"}
    rows = {r["label"]: r for r in data["rows"]}
    assert rows["yandex"]["spend"] == pytest.approx(9868.39)
    assert rows["yandex"]["romi"] == pytest.approx((20000 - 9868.39) / 9868.39)
    assert rows["vk"]["cac"] == pytest.approx(4800.40)
    assert rows["yandex"]["leads"] == 1
    table = run("analyze", "roi", "--by", "campaign", "--store", store_url, "--to", "2026-11-01")
    assert table.exit_code == 0, table.output
    assert "first_touch" not in table.output
    assert "linear" in table.output
    assert "осень_рся *" in table.output  # spend no event matches is marked and listed


def test_usage_errors_exit_2(store_url: str) -> None:
    assert run("analyze", "roi", "--model", "nope", "--store", store_url).exit_code == 2
    assert run("analyze", "roi", "--by", "week", "--store", store_url).exit_code == 2
    assert run("analyze", "roi", "--from", "1.11", "--store", store_url).exit_code == 2
    assert run("costs", "import", "missing.csv", "--store", store_url).exit_code == 2
    assert run("costs", "import", str(FIXTURES / "vk_ads.csv"), "--source", "x").exit_code == 2


def test_roi_per_segment(store_url: str) -> None:
    run("costs", "import", str(FIXTURES / "yandex_direct_wizard.csv"), "--store", store_url)
    result = run("analyze", "roi", "--segment", "channel", "--store", store_url, "--json")
    assert result.exit_code == 0, result.output
    segments = json.loads(result.stdout)["segments"]
    assert sorted(segments) == ["email", "web"]
    assert segments["web"]["rows"][-1]["label"] == "yandex"
    assert segments["web"]["rows"][-1]["spend"] == pytest.approx(9868.39)  # a: all of its reach
    assert segments["email"]["total"]["spend"] == 0
