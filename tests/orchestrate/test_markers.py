"""A chain's success markers from the store, checked against counts made by hand from the events
fed, scipy's chi-square test (proportions) and scipy's Welch t test (NPS scores)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.holdout import in_holdout
from journeymap.orchestrate.markers import chain_markers
from journeymap.orchestrate.state import naive
from journeymap.store import Store
from tests.orchestrate.helpers import START, event, load, make_runner, write_folder

SETTINGS = """
automations: 1
channels:
  email: {kind: outbox}
default_timezone: UTC
"""

REMINDER = """
automation: 1
id: cart-reminder
entry: {event: Cart Abandoned}
holdout: 0.4
goal: {event: Order Completed, window: 2d}
steps:
  - id: remind
    send: reminder
messages:
  reminder:
    channel: email
    text: {en: "your cart {{ unsubscribe_url }}"}
"""

PERSONS = [f"p{i:02d}" for i in range(60)]


def _cart(index: int) -> list[dict[str, str]]:
    """Every third person's entry event carries no products (the goal then decides)."""
    return [] if index % 3 == 0 else [{"product_id": f"sku{index % 4}"}]


def _orders(index: int) -> list[tuple[float, str]]:
    """(hours after the entry, product) of each order the person places."""
    return (
        [(5, f"sku{index % 4}")],  # the cart's item
        [(5, "other")],  # something else
        [(5, f"sku{index % 4}"), (30, "other")],  # the item, then a second order
        [(60, f"sku{index % 4}")],  # after the 2-day window
        [],
    )[index % 5]


BEFORE = [f"q{i:02d}" for i in range(30)]
"""Persons who abandoned a cart in the two days before the chain started (never in the chain)."""


def _before_events() -> list[dict[str, Any]]:
    rows = []
    for i, person in enumerate(BEFORE):
        at = START - timedelta(hours=40)
        rows.append(event(person, "Cart Abandoned", at, products=[{"product_id": "skuA"}]))
        rows.append(event(person, "Cart Abandoned", at + timedelta(hours=1)))  # counted once
        if i % 2 == 0:
            ordered = at + timedelta(hours=2)
            rows.append(
                event(person, "Order Completed", ordered, products=[{"product_id": "skuA"}])
            )
    # before the before period (it is as long as the goal window: everyone entered at START)
    rows.append(event("early", "Cart Abandoned", START - timedelta(days=3)))
    return rows


def _trial(index: int) -> float | None:
    """Hours after the entry of the person's completed trial (the third one after the window)."""
    return (10.0, 50.0, None)[index % 3]


def _score(index: int) -> float | None:
    return None if index % 4 == 3 else float((index * 7) % 11)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Chain]]:
    """The runner's records and the events of the script above (built once: the runner is slow)."""
    tmp_path = tmp_path_factory.mktemp("markers")
    with Store.open("duckdb://:memory:") as opened:
        _run(opened, tmp_path)
        yield opened, load(tmp_path / "automations").chains[0]


def _store_events(store: Store, rows: list[dict[str, Any]]) -> None:
    store.duckdb.executemany(
        "INSERT INTO events (message_id, type, event, person_id, timestamp, properties, seq) "
        "VALUES (?, 'track', ?, ?, ?, ?, ?)",
        [
            (
                f"m{n}",
                r["event"],
                r["person_id"],
                naive(r["timestamp"]),
                json.dumps(r["properties"]),
                n,
            )
            for n, r in enumerate(rows)
        ],
    )


def _run(store: Store, tmp_path: Path) -> None:
    automations = load(write_folder(tmp_path / "automations", {"c.yaml": REMINDER}, SETTINGS))
    profiles = {p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS}
    runner, clock = make_runner(store, automations, tmp_path / "outbox.jsonl", profiles)
    entries = [event(p, "Cart Abandoned", START, products=_cart(i)) for i, p in enumerate(PERSONS)]
    runner.feed(entries)
    later: list[dict[str, Any]] = []
    for i, person in enumerate(PERSONS):
        for hours, product in _orders(i):
            at = START + timedelta(hours=hours)
            later.append(event(person, "Order Completed", at, products=[{"product_id": product}]))
        trial = _trial(i)
        if trial is not None:
            at = START + timedelta(hours=trial)
            later.append(event(person, "Trial Lesson Completed", at))
        score = _score(i)
        if score is not None:
            at = START + timedelta(hours=40)
            later.append(event(person, "Survey Answered", at, kind="nps", score=score))
    later.sort(key=lambda row: row["timestamp"])
    for row in later:
        clock.current = row["timestamp"]
        runner.feed([row])
    _store_events(store, _before_events() + entries + later)


def _arms() -> dict[bool, list[int]]:
    return {
        held: [i for i, p in enumerate(PERSONS) if in_holdout(p, "cart-reminder", 0.4) == held]
        for held in (False, True)
    }


def _recovered(index: int) -> bool:
    within = [product for hours, product in _orders(index) if hours <= 48]
    cart = {item["product_id"] for item in _cart(index)}
    return bool(cart & set(within)) if cart else bool(within)


def test_markers_match_hand_counts_and_scipy(filled: tuple[Store, Chain]) -> None:
    from scipy.stats import chi2_contingency, ttest_ind

    store, chain = filled
    result = chain_markers(store, chain, now=START + timedelta(days=3))
    markers = {marker.name: marker for marker in result.markers}
    assert result.pending == 0
    arms = _arms()
    assert len(arms[True]) > 10
    assert len(arms[False]) > 10

    expected = {
        "cart_recovery": _recovered,
        "repeat_purchase": lambda i: len([h for h, _ in _orders(i) if h <= 48]) >= 2,
        "trial_completion": lambda i: (_trial(i) or 99) <= 48,
    }
    for name, hit in expected.items():
        marker = markers[name]  # type: ignore[index]
        x_t = sum(hit(i) for i in arms[False])
        x_c = sum(hit(i) for i in arms[True])
        assert (marker.treatment.units, marker.treatment.successes) == (len(arms[False]), x_t)
        assert (marker.holdout.units, marker.holdout.successes) == (len(arms[True]), x_c)
        table = [[x_t, len(arms[False]) - x_t], [x_c, len(arms[True]) - x_c]]
        assert marker.effect is not None
        assert marker.effect.p_value == pytest.approx(
            chi2_contingency(table, correction=False).pvalue
        )

    nps = markers["nps"]
    treated = [s for i in arms[False] if (s := _score(i)) is not None]
    held = [s for i in arms[True] if (s := _score(i)) is not None]
    assert (nps.treatment.units, nps.holdout.units) == (len(treated), len(held))
    assert nps.treatment.value == pytest.approx(sum(treated) / len(treated))
    promoters = sum(s >= 9 for s in held) - sum(s <= 6 for s in held)
    assert nps.holdout.nps == pytest.approx(100 * promoters / len(held))
    assert nps.effect is not None
    welch = ttest_ind(treated, held, equal_var=False)
    assert nps.effect.p_value == pytest.approx(welch.pvalue)
    assert nps.effect.difference == pytest.approx(
        sum(treated) / len(treated) - sum(held) / len(held)
    )


def test_open_windows_are_pending(filled: tuple[Store, Chain]) -> None:
    store, chain = filled
    result = chain_markers(store, chain, now=START + timedelta(days=1))
    assert result.pending == len(PERSONS)
    assert all(marker.effect is None for marker in result.markers)
    assert result.rows()[0]["treatment_value"] is None  # JSON null, not NaN


def test_before_after_compares_the_treatment_with_the_period_before_the_chain(
    filled: tuple[Store, Chain],
) -> None:
    from scipy.stats import chi2_contingency

    store, chain = filled
    result = chain_markers(store, chain, now=START + timedelta(days=3))
    assert result.before_period == (naive(START - timedelta(days=2)), naive(START))
    recovery = next(m for m in result.markers if m.name == "cart_recovery")
    assert recovery.before is not None
    assert (recovery.before.units, recovery.before.successes) == (len(BEFORE), len(BEFORE) // 2)
    treated = _arms()[False]
    hits = sum(_recovered(i) for i in treated)
    change = recovery.before_after
    assert change is not None
    assert change.difference == pytest.approx(hits / len(treated) - 0.5)
    assert change.ci_low < change.difference < change.ci_high
    table = [[hits, len(treated) - hits], [15, 15]]
    assert change.p_value == pytest.approx(chi2_contingency(table, correction=False).pvalue)
    nps = next(m for m in result.markers if m.name == "nps")
    assert nps.before is not None
    assert nps.before.units == 0
    assert nps.before_after is None  # nobody answered before the chain
    assert result.rows()[0]["before_units"] == len(BEFORE)


def state_copy(store: Store) -> Store:
    """A store with only `store`'s runner state (as a Spark store's side file holds it)."""
    copy = Store.open("duckdb://:memory:")
    for name in ("automation_states", "automation_sends"):
        rows = store.duckdb.table(name).to_arrow_table()
        copy.duckdb.register("copied", rows)
        copy.duckdb.execute(f"INSERT INTO {name} SELECT * FROM copied")
        copy.duckdb.unregister("copied")
    return copy


def test_markers_read_the_events_of_another_store(filled: tuple[Store, Chain]) -> None:
    """The state in one store and the events in another (a Spark store and its side file)
    count what one store holding both counts."""
    store, chain = filled
    with state_copy(store) as state:
        alone = chain_markers(state, chain, maps={})
        assert alone.markers[2].treatment.successes == 0  # no events in the state's store
        apart = chain_markers(state, chain, maps={}, source=store)
    together = chain_markers(store, chain, maps={})
    assert apart.before_period == together.before_period
    for mine, theirs in zip(apart.rows(), together.rows(), strict=True):
        assert mine == pytest.approx(theirs, nan_ok=True)
