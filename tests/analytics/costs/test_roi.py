"""ROMI and CAC against an independent pandas computation on a simulated workspace.

The simulated workspace knows the truth: each simulated person meets one ad channel (one to
three UTM-tagged touches before each order), so every attribution model must credit that
channel with all of the person's orders and revenue; the cost rows per channel and day are
generated, so each channel's spend is known too. A second workspace mixes channels within a
journey and checks the position rules of first, last and linear touch against pandas.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

import ibis
import pandas as pd
import pyarrow as pa
import pytest

from journeymap.analytics.attribution import MODELS
from journeymap.analytics.costs import roi
from journeymap.store.tables import COSTS_SCHEMA
from tests.analytics.conftest import MakeEvents

SPARK_MODELS = ("linear", "markov")
START = dt.date(2026, 11, 1)
DAYS = 14
CHANNELS = {"yandex": 900.0, "vk": 400.0, "google": 250.0}  # spend per day
CAMPAIGNS = {"yandex": ("Осень_поиск", "7001"), "vk": ("vk-retarget", "8001"),
             "google": ("brand", "9001")}  # fmt: skip


def costs_table(engine: Any, rows: list[dict[str, Any]]) -> ibis.Table:
    full = [{c: r.get(c) for c in COSTS_SCHEMA.names} for r in rows]
    arrow = pa.Table.from_pylist(full, schema=COSTS_SCHEMA.to_pyarrow())
    name = f"costs_{uuid.uuid4().hex}"
    if engine.name == "duckdb":
        return engine.create_table(name, arrow, temp=True)
    from ibis.backends.pyspark.datatypes import PySparkSchema

    frame = engine._session.createDataFrame(
        [tuple(r.values()) for r in arrow.to_pylist()], schema=PySparkSchema.from_ibis(COSTS_SCHEMA)
    )
    frame.createOrReplaceTempView(name)
    return engine.table(name)


def simulated_costs(extra: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    rows = []
    for offset in range(DAYS):
        for channel, per_day in CHANNELS.items():
            name, ident = CAMPAIGNS[channel]
            rows.append({"day": START + dt.timedelta(days=offset), "platform": "test",
                         "channel": channel.upper() if offset % 2 else channel,
                         "campaign": name, "campaign_id": ident, "cost": per_day,
                         "currency": "RUB"})  # fmt: skip
    return rows + (extra or [])


def simulated_events(seed: int) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """Events and the truth: one row per order with its person, channel and revenue."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    orders: list[dict[str, Any]] = []
    base = dt.datetime.combine(START, dt.time(8))
    for n in range(60):
        person = f"p{n}"
        channel = rng.choice([*CHANNELS, None])  # None: organic, no UTM
        at = base + dt.timedelta(hours=rng.randrange(0, 24 * 4))
        for _ in range(rng.choice([0, 1, 1, 2])):
            for _ in range(rng.randint(1, 3)):
                at += dt.timedelta(hours=rng.randint(1, 20))
                context = {}
                if channel:
                    name = CAMPAIGNS[channel][0]
                    context = {"campaign": {"source": channel, "medium": "cpc", "name": name}}
                events.append({"person_id": person, "event": "Page Viewed", "timestamp": at,
                               "channel": "web", "context": context})  # fmt: skip
            at += dt.timedelta(hours=rng.randint(1, 5))
            events.append({"person_id": person, "event": "Lead", "timestamp": at})
            if rng.random() < 0.7:
                at += dt.timedelta(hours=1)
                revenue = float(rng.randint(5, 60) * 100)
                events.append({"person_id": person, "event": "Order Completed", "timestamp": at,
                               "properties": {"revenue": revenue}})  # fmt: skip
                orders.append({"person": person, "channel": channel or "(no touch)",
                               "revenue": revenue, "at": at})  # fmt: skip
    return events, pd.DataFrame(orders)


def pandas_truth(orders: pd.DataFrame, spend: dict[str, float]) -> pd.DataFrame:
    firsts = orders.sort_values("at").drop_duplicates("person")
    table = pd.DataFrame(
        {
            "orders": orders.groupby("channel").size(),
            "revenue": orders.groupby("channel")["revenue"].sum(),
            "customers": firsts.groupby("channel").size(),
        }
    ).fillna(0.0)
    table["spend"] = pd.Series(spend).reindex(table.index).fillna(0.0)
    table["romi"] = (table["revenue"] - table["spend"]) / table["spend"]
    table["cac"] = table["spend"] / table["customers"]
    table["cpo"] = table["spend"] / table["orders"]
    return table


@pytest.mark.parametrize("model", MODELS)
def test_romi_and_cac_match_pandas_for_every_model(
    make_events: MakeEvents, engine: Any, model: str
) -> None:
    if engine.name == "pyspark" and model not in SPARK_MODELS:
        pytest.skip("Spark runs one heuristic and one data-driven model (shared code paths)")
    events, orders = simulated_events(seed=7)
    result = roi(make_events(events), costs_table(engine, simulated_costs()),
                 conversion="Order Completed", model=model, lead="Lead")  # fmt: skip
    truth = pandas_truth(orders, {c: s * DAYS for c, s in CHANNELS.items()})
    assert (result.start, result.end) == (START, START + dt.timedelta(days=DAYS))
    assert (result.model, result.currency) == (model, "RUB")
    for channel in CHANNELS:
        row, expected = result.row(channel), truth.loc[channel]
        assert row.spend == pytest.approx(expected["spend"])
        assert row.orders == pytest.approx(expected["orders"])
        assert row.revenue == pytest.approx(expected["revenue"])
        assert row.romi == pytest.approx(expected["romi"])
        assert row.cac == pytest.approx(expected["cac"])
        assert row.cpo == pytest.approx(expected["cpo"])
    organic = result.row("(no touch)")
    assert organic.revenue == pytest.approx(truth.loc["(no touch)", "revenue"])
    assert result.total.revenue == pytest.approx(orders["revenue"].sum())
    assert result.unmatched == []


def mixed_events() -> tuple[list[dict[str, Any]], list[list[str]], list[float]]:
    rng = random.Random(3)
    events: list[dict[str, Any]] = []
    paths, values = [], []
    base = dt.datetime.combine(START, dt.time(9))
    for n in range(40):
        path = [rng.choice(list(CHANNELS)) for _ in range(rng.randint(1, 4))]
        at = base + dt.timedelta(hours=n)
        for channel in path:
            at += dt.timedelta(hours=2)
            events.append({"person_id": f"m{n}", "event": "Page Viewed", "timestamp": at,
                           "context": {"campaign": {"source": channel}}})  # fmt: skip
        value = float(100 + 10 * n)
        order_at = at + dt.timedelta(hours=1)
        events.append({"person_id": f"m{n}", "event": "Order Completed",
                       "timestamp": order_at, "properties": {"revenue": value}})  # fmt: skip
        paths.append(path)
        values.append(value)
    return events, paths, values


def pandas_credit(paths: list[list[str]], values: list[float], model: str) -> pd.Series:
    rows = []
    for path, value in zip(paths, values, strict=True):
        if model == "first_touch":
            weights = [1.0] + [0.0] * (len(path) - 1)
        elif model == "last_touch":
            weights = [0.0] * (len(path) - 1) + [1.0]
        else:
            weights = [1.0 / len(path)] * len(path)
        rows += [{"channel": c, "revenue": w * value} for c, w in zip(path, weights, strict=True)]
    return pd.DataFrame(rows).groupby("channel")["revenue"].sum()


@pytest.mark.parametrize("model", ["first", "last", "linear"])
def test_multi_touch_credit_matches_pandas(
    make_events: MakeEvents, engine: Any, model: str
) -> None:
    if engine.name == "pyspark" and model != "linear":
        pytest.skip("Spark runs the linear model only (shared code paths)")
    events, paths, values = mixed_events()
    result = roi(make_events(events), costs_table(engine, simulated_costs()),
                 conversion="Order Completed", model=model)  # fmt: skip
    revenue = pandas_credit(paths, values, result.model)
    for channel, per_day in CHANNELS.items():
        spend = per_day * DAYS
        assert result.row(channel).revenue == pytest.approx(revenue[channel])
        assert result.row(channel).romi == pytest.approx((revenue[channel] - spend) / spend)


def test_campaigns_match_by_name_or_id_and_unmatched_spend_is_reported(
    make_events: MakeEvents, engine: Any
) -> None:
    day = dt.datetime.combine(START, dt.time(10))
    events = [
        {"person_id": "a", "event": "Page Viewed", "timestamp": day,
         "context": {"campaign": {"source": "yandex", "name": "осень_ПОИСК "}}},
        {"person_id": "a", "event": "Order Completed", "timestamp": day + dt.timedelta(hours=1),
         "properties": {"revenue": 5000}},
        {"person_id": "b", "event": "Page Viewed", "timestamp": day,
         "context": {"campaign": {"source": "vk", "name": "8001"}}},
        {"person_id": "b", "event": "Order Completed", "timestamp": day + dt.timedelta(hours=2),
         "properties": {"revenue": 800}},
    ]  # fmt: skip
    extra = [{"day": START, "platform": "test", "channel": "tiktok", "campaign": "dance",
              "campaign_id": "1", "cost": 123.5, "currency": "RUB"}]  # fmt: skip
    result = roi(make_events(events), costs_table(engine, simulated_costs(extra)),
                 conversion="Order Completed", model="last", by="campaign")  # fmt: skip
    assert result.row("осень_поиск").revenue == pytest.approx(5000)
    assert result.row("осень_поиск").spend == pytest.approx(900.0 * DAYS)
    assert result.row("8001").revenue == pytest.approx(800)
    assert result.row("8001").spend == pytest.approx(400.0 * DAYS)
    unmatched = {(u.campaign, round(u.spend, 2)) for u in result.unmatched}
    assert unmatched == {("dance", 123.5), ("brand", 250.0 * DAYS)}
    assert result.total.spend == pytest.approx(sum(CHANNELS.values()) * DAYS + 123.5)
    assert not result.row("dance").matched


def test_period_limits_spend_and_orders(make_events: MakeEvents, engine: Any) -> None:
    events, orders = simulated_events(seed=11)
    end = START + dt.timedelta(days=3)
    result = roi(make_events(events), costs_table(engine, simulated_costs()),
                 conversion="Order Completed", model="linear", start=START, end=end)  # fmt: skip
    assert result.row("vk").spend == pytest.approx(400.0 * 3)
    in_period = orders[orders["at"] < dt.datetime.combine(end, dt.time())]
    assert result.total.revenue == pytest.approx(in_period["revenue"].sum())
    assert result.as_dict()["period"] == {"from": "2026-11-01", "to": "2026-11-04"}
