"""The simulator: determinism, counts, every event bound, statistics as configured, identity."""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pyarrow as pa
import pytest

from journeymap.analytics.bind import bind_events
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import load_map
from journeymap.simulate import SimulationError, simulate
from tests.simulate.helpers import MAPS, START, frame, funnel, run, shop


def test_same_seed_same_events_other_seed_other_events() -> None:
    journey = shop()
    first = run(journey, 300, seed=5)
    assert first.equals(run(journey, 300, seed=5))
    assert not first.equals(run(journey, 300, seed=6))


def test_table_has_the_events_schema_and_is_sorted_by_time() -> None:
    table = run(shop(), 200)
    assert table.schema == EVENTS_SCHEMA.to_pyarrow()
    times = table.column("timestamp").to_numpy()
    assert (np.diff(times.astype("int64")) >= 0).all()
    assert table.column("message_id").to_pandas().is_unique


def test_every_customer_appears_once_with_own_ids() -> None:
    data = frame(run(shop(), 500))
    assert data["customer"].nunique() == 500
    signed = data.dropna(subset=["user_id"])
    # One user id per customer, never shared.
    assert (signed.groupby("customer")["user_id"].nunique() == 1).all()
    assert (signed.groupby("user_id")["customer"].nunique() == 1).all()


def test_no_customers_no_events() -> None:
    table = run(shop(), 0)
    assert table.num_rows == 0
    assert table.schema == EVENTS_SCHEMA.to_pyarrow()


def test_events_stay_inside_the_period() -> None:
    table = simulate(shop(), 300, seed=1, start=dt.date(2026, 3, 1), days=10)
    stamps = table.column("timestamp").to_pandas()
    assert stamps.min() >= dt.datetime(2026, 3, 1)
    assert stamps.max() < dt.datetime(2026, 3, 11)


def test_every_event_matches_a_binding_of_the_map() -> None:
    journey = shop()
    table = run(journey, 400)
    bound = bind_events(ibis.memtable(table), journey).to_pyarrow()
    calls = bound.column("type").to_pylist()
    touchpoints = bound.column("touchpoint").to_pylist()
    unbound = [
        row
        for row, call, touchpoint in zip(bound.to_pylist(), calls, touchpoints, strict=True)
        if call != "identify" and touchpoint is None
    ]
    assert not unbound, unbound[:3]
    # Every bound touchpoint of the map shows up.
    assert {t for t in touchpoints if t} == {t.id for t in journey.touchpoints}


def test_stage_transitions_follow_the_configured_probabilities() -> None:
    data = frame(run(funnel(), 20000))
    per_customer = data.groupby("customer")["event"].agg(set)
    visited = per_customer.map(lambda names: "Home page" in names).mean()
    browsed = per_customer.map(lambda names: "Product Viewed" in names).mean()
    carted = per_customer.map(lambda names: "Product Added" in names).mean()
    assert visited == 1.0
    assert browsed == pytest.approx(0.5, abs=0.02)
    assert carted / browsed == pytest.approx(0.8, abs=0.02)


def test_cart_abandonment_and_repeat_purchase_rates() -> None:
    data = frame(run(funnel(), 20000))
    orders = data[data["event"] == "Order Completed"].groupby("customer").size()
    carts = data.loc[data["event"] == "Product Added", "customer"].unique()
    ordered = orders.reindex(carts).notna().mean()
    assert 1 - ordered == pytest.approx(0.7, abs=0.02)  # continue: purchase 0.3
    assert (orders >= 2).mean() == pytest.approx(0.4 * 0.5, abs=0.03)  # repeat x returning


def test_in_stage_requirements_hold_for_every_order() -> None:
    data = frame(run(funnel(), 3000)).sort_values(["customer", "timestamp"])
    for _, events in data.groupby("customer"):
        names = list(events["event"])
        for index, name in enumerate(names):
            if name == "Order Completed":
                assert "Checkout Started" in names[:index]
                assert "Product Added" in names[:index]


def test_anonymous_first_then_identified_after_sign_in() -> None:
    data = frame(run(funnel(), 2000)).sort_values(["customer", "timestamp", "message_id"])
    assert data["anonymous_id"].notna().all()
    browsing = data[data["event"].isin(["Home page", "Product Viewed"])]
    buying = data[data["event"].isin(["Product Added", "Order Completed", "Survey Answered"])]
    assert browsing["user_id"].isna().all()
    assert buying["user_id"].notna().all()
    identify = data[data["type"] == "identify"]
    assert identify["user_id"].notna().all()
    assert set(identify["customer"]) == set(buying["customer"])
    assert identify["traits"].str.contains("@example.com").all()


def test_new_devices_on_return_get_new_anonymous_ids() -> None:
    data = frame(run(shop(), 3000))
    devices = data.groupby("customer")["anonymous_id"].nunique()
    assert devices.max() >= 2
    # A new device is anonymous until she signs in again: there is a second identify call.
    multi = devices[devices >= 2].index
    identifies = data[(data["type"] == "identify") & data["customer"].isin(multi)]
    assert (identifies.groupby("customer").size() >= 2).any()


def test_channel_mix_traits_and_segments() -> None:
    data = frame(run(shop(), 4000))
    mixed = data[data["event"] == "Product Viewed"]["channel"].value_counts(normalize=True)
    assert mixed["web"] == pytest.approx(0.7, abs=0.05)
    assert set(data.loc[data["event"] == "Order Delivered", "channel"]) == {"offline"}
    traits = data.loc[data["type"] == "identify", "traits"]
    north = traits.str.contains('"region":"north"').mean()
    assert north == pytest.approx(0.4, abs=0.06)
    # 20% of customers are gardeners; they move on from interest more often (0.8 vs 0.5), so
    # they are over-represented among those who reach the cart and sign in.
    gardeners = traits.str.contains('"segment":"gardeners","experienced":true').mean()
    expected = 0.2 * 0.8 / (0.2 * 0.8 + 0.8 * 0.5)
    assert gardeners == pytest.approx(expected, abs=0.05)


def test_simulated_label_everywhere() -> None:
    table = run(shop(), 100)
    assert set(table.column("source").to_pylist()) == {"simulated:sim-shop"}
    contexts = table.column("context").to_pylist()
    assert all('"simulated":true' in c and "journeymap-simulator" in c for c in contexts)


def test_map_without_simulation_block_uses_defaults() -> None:
    journey = load_map(MAPS.parent.parent / "model" / "maps" / "architecture_sketch.yaml")
    assert journey.simulation is None
    table = simulate(journey, 50, start=START)
    assert table.num_rows >= 50
    assert set(table.column("event").drop_null().to_pylist()) <= {
        "Product Viewed",
        "Product Reviews Viewed",
    }


def test_default_period_ends_today() -> None:
    table = simulate(shop(), 50, seed=2, days=5)
    last = table.column("timestamp").to_pandas().max()
    assert last < dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_unknown_stage_in_library_call_is_a_simulation_error() -> None:
    journey = shop()
    assert journey.simulation is not None
    broken = journey.model_copy(
        update={"simulation": journey.simulation.model_copy(update={"identify": "nowhere"})}
    )
    with pytest.raises(SimulationError, match="stage 'nowhere' is not defined"):
        simulate(broken, 10)


def test_table_converts_to_arrow_batches_without_copies() -> None:
    table = run(shop(), 50)
    assert isinstance(table, pa.Table)
    assert table.column("person_id").null_count == table.num_rows


@pytest.mark.parametrize("language", ["en", "ru"])
def test_seed_shop_template_events_all_bind(language: str) -> None:
    path = MAPS.parents[2] / "src" / "journeymap" / "templates" / "maps"
    journey = load_map(path / f"seed-shop.{language}.yaml")
    table = simulate(journey, 300, seed=1, start=START)
    bound = bind_events(ibis.memtable(table), journey).to_pyarrow()
    rows = zip(
        bound.column("type").to_pylist(),
        bound.column("event").to_pylist(),
        bound.column("touchpoint").to_pylist(),
        strict=True,
    )
    # Survey answers are feedback about a touchpoint (in their properties), not a touchpoint.
    assert all(
        touchpoint
        for call, event, touchpoint in rows
        if call != "identify" and event != "Survey Answered"
    )


def test_seed_shop_repeat_orders_are_second_and_later_orders() -> None:
    """ "Repeat order" (`occurrence: ">=2"`) emits nothing itself: it holds exactly the orders
    after each buyer's first, which the purchase stage's repeat visits emit."""
    path = MAPS.parents[2] / "src" / "journeymap" / "templates" / "maps"
    journey = load_map(path / "seed-shop.en.yaml")
    table = simulate(journey, 600, seed=2, start=START)
    bound = bind_events(ibis.memtable(table), journey).to_pandas()
    orders = bound[bound["event"] == "Order Completed"]
    per_buyer = orders.groupby("user_id").size()
    repeats = orders[orders["touchpoint"] == "repeat-order"]
    assert len(repeats) == int((per_buyer - 1).sum()) > 0
    assert set(repeats["user_id"]) == set(per_buyer[per_buyer >= 2].index)
    assert set(repeats["stage"]) == {"repeat-purchase"}
    # each is the order of a repeat purchase visit (cart first), never a stray event of the stage
    bound["customer"] = bound["anonymous_id"].str.rsplit("-", n=1).str[0]
    for _, events in bound.sort_values("timestamp", kind="stable").groupby("customer"):
        since_order: list[str] = []
        for touchpoint in events["touchpoint"]:
            if touchpoint == "repeat-order":
                assert "cart" in since_order
            if touchpoint in ("repeat-order", "order-confirmation"):
                since_order = []
            else:
                since_order.append(str(touchpoint))
