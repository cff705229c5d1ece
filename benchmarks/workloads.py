"""Shared workloads: the seed-shop map with a simulation block, and event files of N rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from ruamel.yaml import YAML

import journeymap.templates
from journeymap.model import JourneyMap, load_map
from journeymap.model.simulation import SimulationSettings
from journeymap.simulate import simulate, write_events

SEED_SHOP = Path(journeymap.templates.__file__).parent / "maps" / "seed-shop.en.yaml"
SIMULATION_BLOCK = """
seed: 42
days: 365
entry: {awareness: 0.7, research: 0.3}
continue: {awareness: 0.55, research: 0.45, purchase: 0.3, delivery: 0.95, sowing: 0.85}
completion: {purchase: order-confirmation}
repeat: {from: repeat-purchase, to: purchase, probability: 0.6}
returning: {continue: {purchase: 0.65}}
touchpoints:
  catalog: {events: 4}
  cart: {probability: 1.0, events: 2}
  checkout: {probability: 0.4, requires: cart}
  cart-reminder: {probability: 0.5, requires: cart}
dwell:
  purchase: {median: 3d, p90: 7d}
  sowing: {median: 45d, p90: 100d}
channels: {web: 0.45, mobile: 0.55}
traits:
  region: {central: 0.35, north-west: 0.15, volga: 0.15, urals: 0.15, siberia: 0.1, south: 0.1}
"""


def seed_shop() -> JourneyMap:
    """The seed-shop template map; its own `simulation:` block if it has one, else ours."""
    journey = load_map(SEED_SHOP)
    if journey.simulation is not None:
        return journey
    settings = SimulationSettings.model_validate(YAML(typ="safe").load(SIMULATION_BLOCK))
    return journey.model_copy(update={"simulation": settings})


def events_per_customer(journey: JourneyMap) -> float:
    """Measured on a pilot run, to size a simulation by the number of events wanted."""
    pilot = 20_000
    return simulate(journey, pilot, seed=1).num_rows / pilot


def customers_for(journey: JourneyMap, events: float) -> int:
    return max(1, round(events / events_per_customer(journey) * 1.02))


def event_table(rows: int, *, tracks_only: bool = False, first_seed: int = 7) -> pa.Table:
    """Exactly `rows` simulated events of the seed shop (without identify calls if asked).

    Ids carry the seed, so tables made from seeds far apart (the top-up below adds one seed at
    a time) share no customer and can be stacked into a larger data set.
    """
    journey = seed_shop()
    parts: list[pa.Table] = []
    have = 0
    seed = first_seed
    while have < rows:  # the estimate can fall short: top up with more customers, new seeds
        more = simulate(journey, customers_for(journey, (rows - have) * 1.1), seed=seed)
        if tracks_only:
            more = more.filter(pc.is_valid(more.column("event")))
        parts.append(more)
        have += more.num_rows
        seed += 1
    return pa.concat_tables(parts).slice(0, rows)


def write_inputs(rows: int, folder: Path) -> dict[str, Path]:
    """`rows` events as JSONL (Segment spec) and Parquet (`events` columns), and `rows` track
    and page events as a plain CSV (message_id, anonymous_id, user_id, event, timestamp,
    channel): identify calls have no event name, which a plain event CSV must have."""
    folder.mkdir(parents=True, exist_ok=True)
    table = event_table(rows)
    files = {
        "csv": folder / "events.csv",
        "jsonl": write_events(table, folder / "events.jsonl"),
        "parquet": write_events(table, folder / "events.parquet"),
    }
    del table  # at 10M rows two simulated tables at once would need most of the machine's RAM
    connection = duckdb.connect()
    connection.register("events", event_table(rows, tracks_only=True))
    connection.execute(
        "COPY (SELECT message_id, anonymous_id, user_id, event, timestamp, channel FROM events) "
        f"TO '{files['csv']}' (HEADER, DELIMITER ',')"
    )
    connection.close()
    assert pq.read_metadata(files["parquet"]).num_rows == rows
    return files
