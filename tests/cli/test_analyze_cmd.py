"""`journeymap analyze funnel|transitions|paths` on a small DuckDB store."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import JourneyMap, dump_map
from journeymap.store import Store
from tests.analytics.conftest import events_frame
from tests.analytics.test_bind import SHOP
from tests.analytics.test_transitions_paths import random_log

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    root = tmp_path_factory.mktemp("analyze-a")
    url = f"duckdb://{root / 'store.duckdb'}"
    rows = random_log(seed=5, persons=20)
    rows.append(
        {
            "message_id": "cat",
            "person_id": "p0",
            "event": "Product Viewed",
            "timestamp": rows[0]["timestamp"],
            "properties": {"category": "seeds"},
        }
    )
    frame = events_frame(rows)
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    with Store.open(url) as opened:
        opened.backend.insert("events", arrow)
    map_file = root / "shop.yaml"
    map_file.write_text(dump_map(JourneyMap.model_validate(SHOP)), encoding="utf-8")
    return url, str(map_file)


def analyze(*args: str) -> Result:
    result = runner.invoke(app, ["analyze", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_funnel_json_and_table(store: tuple[str, str]) -> None:
    url, _ = store
    result = analyze("funnel", "A", "B", "C", "--window", "2h", "--json", "--store", url)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    steps = data["steps"]
    assert [s["name"] for s in steps] == ["A", "B", "C"]
    assert steps[0]["persons"] >= steps[1]["persons"] >= steps[2]["persons"]
    assert set(steps[1]) >= {
        "name",
        "persons",
        "conversion_from_previous",
        "conversion_from_start",
        "median_seconds_from_previous",
    }
    table = analyze("funnel", "A", "B", "--window", "1d", "--breakdown", "channel", "--store", url)
    assert table.exit_code == 0, table.output
    assert "from previous" in table.output
    assert "channel" in table.output


def test_funnel_with_map_steps(store: tuple[str, str]) -> None:
    url, map_file = store
    result = analyze("funnel", "touchpoint:catalog", "--map", map_file, "--json", "--store", url)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["steps"][0]["persons"] == 1


def test_unknown_step_names_the_closest(store: tuple[str, str]) -> None:
    url, _ = store
    result = analyze("funnel", "A", "Product Viewd", "--store", url)
    assert result.exit_code == 1
    assert "Product Viewed" in result.output
    bad = analyze("funnel", "A", "--window", "soon", "--store", url)
    assert bad.exit_code == 2
    assert "duration" in bad.output
    path = analyze("paths", "--from", "Q", "--max-steps", "3", "--store", url)
    assert path.exit_code == 1


def test_transitions_and_paths(store: tuple[str, str]) -> None:
    url, _ = store
    result = analyze("transitions", "--session-gap", "none", "--json", "--store", url)
    assert result.exit_code == 0, result.output
    edges = json.loads(result.output)["edges"]
    starts = sum(e["count"] for e in edges if e["source"] == "__start__")
    ends = sum(e["count"] for e in edges if e["target"] == "__end__")
    assert starts == ends == 20
    sorted_ = analyze(
        "transitions", "--session-gap", "none", "--out-of-core", "--json", "--store", url
    )
    # the same numbers up to the last bit of floating-point rounding
    assert json.loads(sorted_.output)["edges"] == [pytest.approx(edge) for edge in edges]
    table = analyze("transitions", "--collapse-repeats", "--store", url)
    assert table.exit_code == 0
    assert "__start__" in table.output
    paths = analyze("paths", "--max-steps", "3", "--top", "2", "--json", "--store", url)
    data = json.loads(paths.output)
    for step in (1, 2, 3):
        assert sum(c["cases"] for c in data["columns"] if c["step"] == step) == 20
    shown = analyze("paths", "--from", "A", "--max-steps", "3", "--top", "2", "--store", url)
    assert shown.exit_code == 0
    assert "(drop-off)" in shown.output
