"""`journeymap automations run` against a Spark store: events read from Spark through Ibis, the
runner's state in a DuckDB side file of the workspace; a second pass sends nothing again."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.events.ingest import ingest
from journeymap.orchestrate.ibis_source import SIDE_STATE, person_events
from journeymap.orchestrate.state import StateStore
from journeymap.store import Store
from tests.events.conftest import write_jsonl
from tests.orchestrate.helpers import outbox_lines, write_folder

pytestmark = [
    pytest.mark.spark,
    # pyspark 4.0 leaves the socket of every collect() to the garbage collector (not ours)
    pytest.mark.filterwarnings(
        "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]
SETTINGS = """
automations: 1
channels:
  email: {kind: outbox, path: outbox.jsonl, address: person_id}
quiet_hours: null
caps: []
"""
CHAIN = """
automation: 1
id: cart-reminder
entry: {event: Cart Abandoned}
holdout: 0
steps:
  - {id: remind, send: reminder}
messages:
  reminder: {channel: email, text: {en: "your cart {{ unsubscribe_url }}"}}
"""


def _event(user: str, name: str, hour: int) -> dict[str, Any]:
    return {
        "type": "track",
        "event": name,
        "userId": user,
        "timestamp": f"2026-03-02T{hour:02d}:00:00Z",
        "messageId": f"{user}-{name}-{hour}",
    }


def test_the_runner_reads_spark_events_and_keeps_its_state_beside(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"
    rows = [_event(p, "Cart Abandoned", 10) for p in ("ann", "bob")]
    rows += [_event("ann", "Product Viewed", 11), _event("carl", "Product Viewed", 9)]
    with Store.open(url) as store:
        assert all(r.ok for r in ingest(store, [write_jsonl(tmp_path / "e.jsonl", rows)]))
        since = datetime(2026, 3, 2, 10)
        assert [e for e, _p in person_events(store, "ann", "Product Viewed", since)] == [
            "Product Viewed"
        ]
    folder = write_folder(tmp_path / "automations", {"c.yaml": CHAIN}, SETTINGS)
    command = ["automations", "run", "--once", "--folder", str(folder), "--store", url, "--json"]
    runner = CliRunner()
    first = runner.invoke(app, command)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["sent"] == 2
    sent = {line["person_id"] for line in outbox_lines(tmp_path / "outbox.jsonl")}
    assert sent == {"ann", "bob"}
    assert (tmp_path / ".journeymap" / SIDE_STATE).is_file()
    again = runner.invoke(app, command)  # the cursor is in the side file: nothing new
    assert again.exit_code == 0, again.output
    assert json.loads(again.output).get("sent", 0) == 0
    assert len(outbox_lines(tmp_path / "outbox.jsonl")) == 2
    # `automations status` reads the same side file (not opened here: a Spark store opens slowly)
    with Store.open(f"duckdb://{tmp_path / '.journeymap' / SIDE_STATE}") as side:
        assert sum(row[-1] for row in StateStore(side).counts()) == 2
