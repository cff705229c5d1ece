"""Tables that fit: `analyze stages` and `stats` show every number at 80 columns, stage and
touchpoint names as the map writes them, and plain tab-separated lines when piped."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from rich.markup import escape
from rich.table import Table
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.cli.tables import plain_lines
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import JourneyMap, dump_map
from journeymap.store import Store
from tests.analytics.conftest import events_frame
from tests.analytics.test_barriers import generated_events
from tests.analytics.test_kpi import with_kpis

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)
BOX = set("│┃━─┏┓┗┛┡┩╇╋┼")
TERMINAL_80 = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}


def _named(journey: JourneyMap) -> JourneyMap:
    """The shop map with stage and touchpoint names that differ from their ids."""
    stages = [s.model_copy(update={"name": f"Stage of {s.id} (long name)"}) for s in journey.stages]
    touchpoints = [t.model_copy(update={"name": f"Place {t.id}"}) for t in journey.touchpoints]
    return journey.model_copy(update={"stages": stages, "touchpoints": touchpoints})


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, JourneyMap]:
    root = tmp_path_factory.mktemp("tables")
    url = f"duckdb://{root / 'store.duckdb'}"
    rows, _ = generated_events()
    frame = events_frame(rows)
    frame["message_id"] = [f"m{i}" for i in range(len(frame))]
    arrow = pa.Table.from_pandas(frame, schema=EVENTS_SCHEMA.to_pyarrow(), preserve_index=False)
    with Store.open(url) as store:
        store.backend.insert("events", arrow)
    journey = _named(with_kpis())
    map_file = root / "shop.yaml"
    map_file.write_text(dump_map(journey), encoding="utf-8")
    return url, str(map_file), journey


def _table_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if BOX & set(line)]


def _stages(workspace: tuple[str, str, JourneyMap], env: dict[str, str] | None = None) -> Result:
    url, map_file, _ = workspace
    result = runner.invoke(app, ["analyze", "stages", map_file, "--store", url], env=env)
    assert result.exit_code == 0, result.output
    return result


def test_plain_lines_drop_markup_and_keep_every_cell() -> None:
    table = Table("name", "status", title="KPIs")
    table.add_row(escape("[a] b\tc"), "[green]met[/green]")
    table.add_row("two\nlines", "")
    assert plain_lines(table) == ["# KPIs", "name\tstatus", "[a] b c\tmet", "two lines\t"]


def test_piped_stages_are_tab_separated_with_names(
    workspace: tuple[str, str, JourneyMap],
) -> None:
    output = _stages(workspace).output
    assert not BOX & set(output)
    lines = output.splitlines()
    assert lines[0] == "# Stages"
    header = lines[1].split("\t")
    assert header[:4] == ["stage", "persons", "to next", "drop-off"]
    assert header[-2:] == ["touchpoints", "channels"]
    _, _, journey = workspace
    rows = [line.split("\t") for line in lines[2 : 2 + len(journey.stages)]]
    assert [row[0] for row in rows] == [s.name for s in journey.stages]
    assert all(len(row) == len(header) for row in rows)
    assert "Place catalog" in rows[0][-2]  # touchpoint names, not ids


def test_stages_at_80_columns_fit_and_cut_nothing(
    workspace: tuple[str, str, JourneyMap],
) -> None:
    output = _stages(workspace, TERMINAL_80).output
    drawn = _table_lines(output)
    assert drawn, output  # a terminal still gets the drawn tables
    assert max(len(line) for line in drawn) <= 80, [line for line in drawn if len(line) > 80]
    assert not [line for line in drawn if "…" in line]
    assert "touchpoints and channels" in output  # the narrow layout's second table
    for header in ("persons", "drop-off", "entries", "Place catalog 120"):
        assert header in output
    _, _, journey = workspace
    assert all(f"│ {stage.name} " in output for stage in journey.stages)


def test_stats_imports_fit_80_columns_and_pipe_plain(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path}/s.duckdb"
    file = tmp_path / "a-rather-long-export-file-name-from-the-crm-system.csv"
    file.write_text("user_id,event,timestamp\nu1,Order Completed,2024-03-01T12:00:00Z\n")
    events = str(file)
    assert runner.invoke(app, ["ingest", events, "--store", url]).exit_code == 0
    piped = runner.invoke(app, ["stats", "--store", url]).output
    assert not BOX & set(piped)
    assert f"\t{events}\tcsv\t1\t1\t0\t0" in piped
    terminal = runner.invoke(app, ["stats", "--store", url], env=TERMINAL_80).output
    drawn = _table_lines(terminal)
    assert drawn, terminal
    assert max(len(line) for line in drawn) <= 80, [line for line in drawn if len(line) > 80]
    assert not [line for line in drawn if "…" in line]
    assert "quarantined" in terminal
