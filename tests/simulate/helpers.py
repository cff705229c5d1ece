"""Shared helpers for the simulator tests: the test maps and simulated frames."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa

from journeymap.model import JourneyMap, load_map
from journeymap.simulate import simulate

MAPS = Path(__file__).parent / "maps"
START = dt.date(2026, 1, 1)


def shop() -> JourneyMap:
    return load_map(MAPS / "shop.yaml")


def funnel() -> JourneyMap:
    return load_map(MAPS / "funnel.yaml")


def run(journey: JourneyMap, customers: int, seed: int = 3) -> pa.Table:
    return simulate(journey, customers, seed=seed, start=START)


def frame(table: pa.Table) -> pd.DataFrame:
    """Events with a `customer` column (the anonymous id without its device suffix)."""
    data = table.to_pandas()
    data["customer"] = data["anonymous_id"].str.rsplit("-", n=1).str[0]
    return data
