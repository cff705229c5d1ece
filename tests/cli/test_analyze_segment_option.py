"""`journeymap analyze ... --segment SPEC` on every command that takes it."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import dump_map
from journeymap.store import Store
from tests.analytics.conftest import events_frame
from tests.analytics.segment_log import CHANNELS, segment_log
from tests.analytics.test_segment_analyses import shop_with_kpis

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)
RESULT_KEYS = {"analysis", "segmented_by", "alpha", "segments", "tests", "notes"}
TEST_KEYS = {
    "segment", "item", "metric", "test", "n", "n_rest", "value", "value_rest", "effect",
    "statistic", "p_value", "count", "count_rest", "q_value", "significant",
}  # fmt: skip

COMMANDS: dict[str, list[str]] = {
    "funnel": ["funnel", "Product Viewed", "Cart Viewed", "Order Completed", "--window", "7d"],
    "transitions": ["transitions", "--session-gap", "none"],
    "paths": ["paths", "--max-steps", "3", "--top", "3"],
    "retention": ["retention", "--start", "Product Viewed", "--return", "Order Completed"],
    "repeat": ["repeat", "--purchase", "Order Completed"],
    "kpis": ["kpis", "MAP"],
    "attribution": ["attribution", "--conversion", "Order Completed", "--model", "last_touch"],
}
UNTESTED = {"retention", "attribution"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    root = tmp_path_factory.mktemp("analyze-segment")
    url = f"duckdb://{root / 'store.duckdb'}"
    frame = events_frame(segment_log())
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    with Store.open(url) as opened:
        opened.backend.insert("events", arrow)
    map_file = root / "shop.yaml"
    map_file.write_text(dump_map(shop_with_kpis()), encoding="utf-8")
    return url, str(map_file)


def analyze(store: tuple[str, str], name: str, *extra: str) -> Result:
    url, map_file = store
    args = [map_file if a == "MAP" else a for a in COMMANDS[name]]
    result = runner.invoke(app, ["analyze", *args, *extra, "--store", url])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("name", list(COMMANDS))
def test_segment_json_has_one_shape_for_every_command(store: tuple[str, str], name: str) -> None:
    result = analyze(store, name, "--segment", "channel", "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert set(data) >= RESULT_KEYS
    assert data["analysis"] == name
    assert data["segmented_by"] == "channel"
    assert sorted(data["segments"]) == list(CHANNELS)
    if name in UNTESTED:
        assert data["tests"] == []
        assert data["notes"]
        return
    assert data["tests"]
    for test in data["tests"]:
        assert set(test) == TEST_KEYS
        assert test["significant"] == (test["q_value"] < data["alpha"])
        assert test["p_value"] <= test["q_value"] <= 1


def test_segment_json_matches_the_plain_json_per_segment(store: tuple[str, str]) -> None:
    segmented = json.loads(analyze(store, "repeat", "--segment", "trait:plan", "--json").stdout)
    assert sorted(segmented["segments"]) == ["free", "pro"]
    plain = json.loads(analyze(store, "repeat", "--json").stdout)
    assert set(segmented["segments"]["pro"]) == set(plain)
    assert sum(s["customers"] for s in segmented["segments"].values()) == plain["customers"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_segment_tables_are_readable(store: tuple[str, str], name: str) -> None:
    result = analyze(store, name, "--segment", "channel")
    assert result.exit_code == 0, result.output
    for channel in CHANNELS:
        assert channel in result.stdout
    if name not in UNTESTED:
        assert "against the rest" in result.stdout
        assert "q < 0.05" in result.stdout


def test_alpha_changes_what_is_significant(store: tuple[str, str]) -> None:
    strict = json.loads(
        analyze(store, "funnel", "--segment", "channel", "--alpha", "1e-12", "--json").stdout
    )
    loose = json.loads(analyze(store, "funnel", "--segment", "channel", "--json").stdout)
    assert not any(t["significant"] for t in strict["tests"])
    assert any(t["significant"] for t in loose["tests"])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_unknown_segment_key_is_a_clear_error(store: tuple[str, str], name: str) -> None:
    result = analyze(store, name, "--segment", "trait:plann")
    assert result.exit_code == 1  # a key the data lacks, like an unknown event name
    assert "no event has 'trait:plann'" in result.output
    assert "closest: plan" in result.output


def test_unreadable_segment_is_a_usage_error_a_missing_column_a_data_error(
    store: tuple[str, str],
) -> None:
    result = analyze(store, "funnel", "--segment", "plan")
    assert result.exit_code == 2
    assert "trait:KEY" in result.output
    result = analyze(store, "transitions", "--segment", "column:chanel")
    assert (result.exit_code, "closest: channel" in result.output) == (1, True)
    paths_file = runner.invoke(
        app, ["analyze", "attribution", "--paths", "x.csv", "--segment", "channel"]
    )
    assert paths_file.exit_code == 2
    assert "--segment needs the store's events" in paths_file.output


def test_an_unknown_step_with_segment_names_the_closest(store: tuple[str, str]) -> None:
    url, _ = store
    result = runner.invoke(
        app,
        ["analyze", "funnel", "Product Viewd", "Cart Viewed", "--segment", "channel",
         "--exclude", "Cart Viewed", "--store", url],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "closest: Product Viewed" in result.output
