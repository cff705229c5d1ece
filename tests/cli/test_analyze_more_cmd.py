"""`journeymap analyze attribution|retention|repeat|segments|stages|kpis|barriers`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import dump_map
from journeymap.store import Store
from tests.analytics.conftest import events_frame
from tests.analytics.test_attribution import ATTRIBUTION_EVENTS
from tests.analytics.test_barriers import generated_events
from tests.analytics.test_kpi import with_kpis

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A DuckDB store with attribution and stage events, and the shop map with KPIs."""
    root = tmp_path_factory.mktemp("analyze")
    url = f"duckdb://{root / 'store.duckdb'}"
    shop_rows, _ = generated_events()
    frame = events_frame([*ATTRIBUTION_EVENTS, *shop_rows])
    frame["message_id"] = [f"m{i}" for i in range(len(frame))]
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    with Store.open(url) as store:
        store.backend.insert("events", arrow)
    map_file = root / "shop.yaml"
    map_file.write_text(dump_map(with_kpis()), encoding="utf-8")
    return url, str(map_file)


def analyze(*args: str) -> Result:
    result = runner.invoke(app, ["analyze", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_attribution_json_and_table(workspace: tuple[str, str]) -> None:
    url, _ = workspace
    result = analyze("attribution", "--conversion", "Order Completed", "--model", "last_touch",
                     "--model", "markov", "--store", url, "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [m["model"] for m in data["models"]] == ["last_touch", "markov_order_1"]
    for model in data["models"]:
        assert sum(c["conversions"] for c in model["credits"]) == pytest.approx(
            model["total_conversions"]
        )
    table = analyze("attribution", "--conversion", "Order Completed", "--store", url)
    assert table.exit_code == 0, table.output
    assert "shapley" in table.stdout


def test_attribution_from_paths(tmp_path: Path) -> None:
    paths = tmp_path / "paths.csv"
    paths.write_text("path;conversions;value;nulls\nA > B;1;10;0\nA;0;0;1\n", encoding="utf-8")
    result = analyze("attribution", "--paths", str(paths), "--model", "linear", "--json")
    assert result.exit_code == 0, result.output
    credits = {
        c["label"]: c["conversions"] for c in json.loads(result.stdout)["models"][0]["credits"]
    }
    assert credits == {"A": 0.5, "B": 0.5}


def test_unknown_names_fail_with_the_closest(workspace: tuple[str, str]) -> None:
    url, _ = workspace
    result = analyze("attribution", "--conversion", "Order Complete", "--store", url)
    assert result.exit_code == 1  # a name the data lacks, as in `analyze funnel`
    assert "closest: Order Completed" in result.output
    bad_model = analyze("attribution", "--conversion", "Order Completed", "--model", "markow",
                        "--store", url)  # fmt: skip
    assert bad_model.exit_code == 2
    assert "markov" in bad_model.output
    period = analyze("retention", "--start", "Page Viewed", "--return", "Page Viewed",
                     "--period", "year", "--store", url)  # fmt: skip
    assert period.exit_code == 2


def test_retention_repeat_and_segments(workspace: tuple[str, str]) -> None:
    url, _ = workspace
    retention = analyze("retention", "--start", "Product Viewed", "--return", "Cart Viewed",
                        "--period", "day", "--store", url, "--json")  # fmt: skip
    assert retention.exit_code == 0, retention.output
    cells = json.loads(retention.stdout)["cells"]
    assert all(c["share"] == 1.0 for c in cells if c["offset"] == 0)
    assert json.loads(retention.stdout)["through"] is not None
    repeat = analyze("repeat", "--purchase", "Order Completed", "--store", url, "--json")
    assert json.loads(repeat.stdout)["customers"] == 4
    segments = analyze("segments", "--segment", "channel", "--conversion", "Review Written",
                       "--start", "Product Viewed", "--store", url)  # fmt: skip
    assert segments.exit_code == 0, segments.output
    assert "email" in segments.stdout


def test_stages_kpis_and_barriers(workspace: tuple[str, str]) -> None:
    url, map_file = workspace
    stages = analyze("stages", map_file, "--store", url, "--json")
    assert stages.exit_code == 0, stages.output
    assert [s["stage"] for s in json.loads(stages.stdout)["stages"]] == [
        "interest", "purchase", "after",
    ]  # fmt: skip
    segmented = analyze("stages", map_file, "--segment", "channel", "--store", url)
    assert segmented.exit_code == 0, segmented.output
    assert "Drop-off by segment" in segmented.stdout
    kpis = analyze("kpis", map_file, "--store", url)
    assert kpis.exit_code == 1  # a measure names an event the store does not have
    assert "no touchpoint, stage or event named 'Order Complete'" in kpis.output
    barriers = analyze("barriers", map_file, "--segment", "channel", "--store", url, "--json")
    assert barriers.exit_code == 0, barriers.output
    suggested = json.loads(barriers.stdout)["barriers"]
    assert any(b["id"] == "analytics-drop_off-purchase" and b["suggested"] for b in suggested)


def test_retention_leaves_days_after_the_data_empty(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    day = dt.datetime(2024, 1, 1, 9)
    rows = [  # a comes back 3 days later; b signs up on day 2, the data ends on day 3
        {"person_id": "a", "event": "Signed Up", "timestamp": day},
        {"person_id": "a", "event": "Order Completed", "timestamp": day + dt.timedelta(days=3)},
        {"person_id": "b", "event": "Signed Up", "timestamp": day + dt.timedelta(days=2)},
    ]
    frame = events_frame(pd.DataFrame(rows))
    with Store.open(url) as store:
        schema = EVENTS_SCHEMA.to_pyarrow()
        store.backend.insert(
            "events", pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        )
    table = analyze("retention", "--start", "Signed Up", "--return", "Order Completed",
                    "--period", "day", "--store", url)  # fmt: skip
    assert table.exit_code == 0, table.output
    (b_row,) = [line for line in table.stdout.splitlines() if "2024-01-03" in line]
    cells = b_row.split("\t")  # piped output: tab-separated
    assert cells == ["2024-01-03", "1", "100.0%", "0.0%", "", ""]
    assert "empty: the day starts after the data ends (2024-01-04)" in table.stdout


def test_stages_kpis_and_repeat_speak_russian(workspace: tuple[str, str]) -> None:
    url, map_file = workspace
    ru = ["--lang", "ru", "analyze"]
    stages = runner.invoke(app, [*ru, "stages", map_file, "--store", url])
    assert stages.exit_code == 0, stages.output
    text = " ".join(stages.stdout.replace("│", " ").split())
    assert "Этапы" in text
    assert "отток" in text
    assert "итого: " in text
    assert "человек прошли от первого до последнего этапа" in text
    kpis = runner.invoke(app, [*ru, "kpis", map_file, "--store", url])
    assert kpis.exit_code == 1
    assert "ошибка" in kpis.stdout
    assert "status" not in kpis.stdout
    repeat = runner.invoke(app, [*ru, "repeat", "--purchase", "Order Completed", "--store", url])
    assert "клиентов 4 · повторных клиентов" in repeat.stdout
    assert "Покупок на клиента" in repeat.stdout
    segmented = runner.invoke(app, [*ru, "repeat", "--purchase", "Order Completed",
                                    "--segment", "channel", "--store", url])  # fmt: skip
    assert segmented.exit_code == 0, segmented.output
    assert "Повторные покупки по сегментам" in segmented.stdout
