"""One exit code convention in every command: 0 ok, 1 findings or errors (in the data or the
files read: an unknown event name, a segment key no event has, a missing file), 2 usage (the
command line itself: a value that does not parse, an unknown choice)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import dump_map
from journeymap.store import Store
from tests.analytics.conftest import events_frame
from tests.analytics.segment_log import segment_log
from tests.analytics.test_segment_analyses import shop_with_kpis

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)

UNKNOWN_EVENT = {
    "funnel": ["funnel", "Product Viewd", "Cart Viewed"],
    "paths": ["paths", "--from", "Product Viewd"],
    "retention": ["retention", "--start", "Product Viewd", "--return", "Cart Viewed"],
    "repeat": ["repeat", "--purchase", "Order Complete"],
    "segments": ["segments", "--segment", "channel", "--conversion", "Order Complete"],
    "attribution": ["attribution", "--conversion", "Order Complete"],
}
BAD_VALUE = {
    "funnel --window": ["funnel", "Product Viewed", "Cart Viewed", "--window", "soon"],
    "segments --window": [
        "segments", "--segment", "channel", "--conversion", "Order Completed", "--window", "soon",
    ],
    "attribution --lookback": [
        "attribution", "--conversion", "Order Completed", "--lookback", "soon",
    ],
    "transitions --session-gap": ["transitions", "--session-gap", "soon"],
    "retention --period": [
        "retention", "--start", "Product Viewed", "--return", "Cart Viewed", "--period", "year",
    ],
    "funnel --segment": ["funnel", "Product Viewed", "Cart Viewed", "--segment", "plan"],
    "funnel --window (Typer)": ["funnel", "Product Viewed", "--top", "x"],
}  # fmt: skip
UNKNOWN_KEY = ["funnel Product Viewed Cart Viewed", "stages MAP", "barriers MAP", "kpis MAP"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    root = tmp_path_factory.mktemp("exit-codes")
    url = f"duckdb://{root / 'store.duckdb'}"
    frame = events_frame(segment_log())
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    with Store.open(url) as opened:
        opened.backend.insert("events", arrow)
    map_file = root / "shop.yaml"
    map_file.write_text(dump_map(shop_with_kpis()), encoding="utf-8")
    return url, str(map_file)


def _analyze(store: tuple[str, str], args: list[str]) -> tuple[int, str]:
    url, map_file = store
    args = [map_file if a == "MAP" else a for a in args]
    result = runner.invoke(app, ["analyze", *args, "--store", url])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("name", list(UNKNOWN_EVENT))
def test_an_unknown_event_name_is_a_data_error(store: tuple[str, str], name: str) -> None:
    code, output = _analyze(store, UNKNOWN_EVENT[name])
    assert code == 1, output
    assert "closest:" in output


@pytest.mark.parametrize("name", list(BAD_VALUE))
def test_a_value_that_does_not_parse_is_a_usage_error(store: tuple[str, str], name: str) -> None:
    code, output = _analyze(store, BAD_VALUE[name])
    assert code == 2, output


@pytest.mark.parametrize("command", UNKNOWN_KEY)
def test_a_segment_key_no_event_has_is_a_data_error(store: tuple[str, str], command: str) -> None:
    args = command.split(" ", 1)[:1] + (
        ["Product Viewed", "Cart Viewed"] if command.startswith("funnel") else ["MAP"]
    )
    code, output = _analyze(store, [*args, "--segment", "trait:plann"])
    assert code == 1, output
    assert "closest: plan" in output


def test_missing_files_are_data_errors_everywhere(tmp_path: str) -> None:
    url = f"duckdb://{tmp_path}/s.duckdb"
    commands = [
        ["validate", "nope.yaml"],
        ["render", "nope.yaml"],
        ["analyze", "stages", "nope.yaml", "--store", url],
        ["analyze", "attribution", "--paths", "nope.csv"],
        ["feedback", "scores", "--map", "nope.yaml", "--store", url],
    ]
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
    unknown_option = runner.invoke(app, ["validate", "--strict"])
    assert unknown_option.exit_code == 2
