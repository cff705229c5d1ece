"""`journeymap automations` against a Spark store: events read from Spark through Ibis, the
runner's state in a DuckDB side file of the workspace. A dry run leaves the side file alone, a
second pass sends nothing again, and `effect --markers --segment` counts what the same events
in a DuckDB store count."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
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
goal: {event: Order Completed, window: 2d}
steps:
  - {id: remind, send: reminder}
messages:
  reminder: {channel: email, text: {en: "your cart {{ unsubscribe_url }}"}}
"""


BASE = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
NOW = BASE + timedelta(hours=2)
"""One `now` for the Spark and the DuckDB side of a comparison."""
LINKED_MAP = """\
journeymap: 1
id: shop
title: Shop
language: en
stages:
  - id: buy
    name: Buy
    barriers:
      - id: forgotten
        text: Forgets the cart
        solutions:
          - {{text: Cart reminder, chain: {chain}}}
"""
"""Entries are stamped with the runner's clock (now, 2 to 3 hours after BASE): the orders come
after it, within the window (ingestion quarantines events more than a day ahead)."""


def _event(user: str, name: str, hour: int, *products: str) -> dict[str, Any]:
    return {
        "type": "track",
        "event": name,
        "userId": user,
        "timestamp": (BASE + timedelta(hours=hour)).isoformat(),
        "messageId": f"{user}-{name}-{hour}",
        "properties": {"products": [{"product_id": p} for p in products]},
        "channel": "email" if user == "ann" else "web",
    }


def _effect(runner: CliRunner, folder: Path, url: str) -> dict[str, Any]:
    options = ["--folder", str(folder), "--store", url, "--markers", "--segment", "channel"]
    options.append("--include-open")  # the goal window is still open: the orders are ahead
    result = runner.invoke(app, ["automations", "effect", "cart-reminder", *options, "--json"])
    assert result.exit_code == 0, result.output
    row: dict[str, Any] = json.loads(result.output)
    return row


def test_the_runner_reads_spark_events_and_keeps_its_state_beside(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"pyspark://{tmp_path / 'warehouse'}?database=jm_{uuid.uuid4().hex[:8]}"
    rows = [_event("ann", "Cart Abandoned", 0, "p1"), _event("bob", "Cart Abandoned", 0, "p2")]
    rows += [_event("ann", "Product Viewed", 1), _event("carl", "Product Viewed", -1)]
    rows += [_event("ann", "Order Completed", 4, "p1"), _event("bob", "Order Completed", 5)]
    rows += [_event("bob", "Order Completed", 6, "p3")]
    source = write_jsonl(tmp_path / "e.jsonl", rows)
    with Store.open(url) as store:
        assert all(r.ok for r in ingest(store, [source]))
        since = BASE.replace(tzinfo=None)
        assert [e for e, _p in person_events(store, "ann", "Product Viewed", since)] == [
            "Product Viewed"
        ]
    folder = write_folder(tmp_path / "automations", {"c.yaml": CHAIN}, SETTINGS)
    runner = CliRunner()
    dry = ["automations", "dry-run", "--ahead", "0s", "--folder", str(folder), "--store", url]
    planned = runner.invoke(app, [*dry, "--json"])
    assert planned.exit_code == 0, planned.output
    assert json.loads(planned.output)["sent"] == 2
    assert len(outbox_lines(tmp_path / "outbox.dry-run.jsonl")) == 2
    assert not (tmp_path / ".journeymap" / SIDE_STATE).exists()  # a dry run keeps no state

    command = ["automations", "run", "--once", "--folder", str(folder), "--store", url, "--json"]
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
    # the markers and the segments of the Spark store's events against the same events in DuckDB
    measured = _effect(runner, folder, url)
    recovery = next(m for m in measured["markers"] if m["marker"] == "cart_recovery")
    repeat = next(m for m in measured["markers"] if m["marker"] == "repeat_purchase")
    assert (recovery["treatment_units"], recovery["treatment_value"]) == (2, 0.5)  # ann's p1
    assert repeat["treatment_value"] == 0.5  # bob ordered twice
    assert recovery["before_units"] == 2  # their carts before the chain, read from Spark too
    assert {s["segment"] for s in measured["segments"][0]["segments"]} == {"email", "web"}
    reference = write_folder(tmp_path / "duckdb" / "automations", {"c.yaml": CHAIN}, SETTINGS)
    local = f"duckdb://{tmp_path / 'duckdb' / 'store.duckdb'}"
    with Store.open(local) as store:
        assert all(r.ok for r in ingest(store, [source]))
    ran = runner.invoke(app, [*command[:3], "--folder", str(reference), "--store", local])
    assert ran.exit_code == 0, ran.output
    # the same counts (the reference ran a moment later: its entries are stamped later)
    expected = _effect(runner, reference, local)
    assert json.dumps(measured, sort_keys=True) == json.dumps(expected, sort_keys=True)
    # `effect(...)` KPIs (the report, `analyze kpis`) read the side file and Spark's events alike
    assert _kpi_effects(url, tmp_path, folder) == _kpi_effects(local, tmp_path / "duckdb", folder)


def _kpi_effects(url: str, workspace: Path, folder: Path) -> list[object]:
    """The `effect(...)` KPIs of the chain and the report's interventions row for it."""
    from journeymap.analytics.kpi_effect import EffectOperand
    from journeymap.model import parse_map
    from journeymap.orchestrate.kpi_effects import effect_lookup
    from journeymap.orchestrate.load import load_automations
    from journeymap.report.interventions_section import interventions_section

    (chain,) = load_automations(folder).chains
    journey = parse_map(LINKED_MAP.format(chain=chain.id)).model
    with Store.open(url) as store:
        lookup = effect_lookup(store, [chain], workspace=workspace)
        found = [lookup(EffectOperand(chain.id, m)) for m in ("goal", "cart_recovery")]
        section = interventions_section(
            store, journey, [chain], simulated=False, now=NOW, workspace=workspace
        )
    assert [effect.persons for effect in found] == [2, 2]  # no holdout: persons, no lift
    assert all(str(effect.reason).startswith("no effect of cart-reminder yet") for effect in found)
    assert section is not None
    (row,) = section.rows
    assert row.reason is None  # measured from the runs, on Spark too
    assert row.effect is not None
    assert row.markers is not None
    recovery = next(m for m in row.markers.markers if m.name == "cart_recovery")
    return [*found, row.effect.treatment, recovery.treatment]
