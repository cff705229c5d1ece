"""A chain's effect measured from the store: treated against holdout, checked against counts
made by hand from the events fed and against scipy's chi-square test."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from journeymap.model.problems import HintedValueError
from journeymap.orchestrate.effect import Basis, chain_effect
from journeymap.orchestrate.holdout import in_holdout
from journeymap.orchestrate.load import Automations
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
exit:
  - event: Order Completed
goal: {event: Order Completed, window: 2d}
steps:
  - id: pause
    delay: 1h
  - id: remind
    send: reminder
messages:
  reminder:
    channel: email
    text: {en: "your cart {{ unsubscribe_url }}"}
"""

PERSONS = [f"p{i:02d}" for i in range(60)]


def _fate(index: int) -> str:
    """What each person does after abandoning her cart (fixed by her index, not by her group)."""
    return ("early", "order", "late", "none", "none", "order")[index % 6]


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open("duckdb://:memory:") as opened:
        yield opened


def run_reminder(store: Store, automations: Automations, tmp_path: Path) -> None:
    profiles = {p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS}
    runner, clock = make_runner(store, automations, tmp_path / "outbox.jsonl", profiles)
    runner.feed(event(p, "Cart Abandoned", START) for p in PERSONS)
    clock.current = START + timedelta(minutes=30)
    runner.feed(  # ordered before the reminder: exits the chain unsent
        event(p, "Order Completed", clock.current)
        for i, p in enumerate(PERSONS)
        if _fate(i) == "early"
    )
    clock.current = START + timedelta(hours=2)
    runner.tick()
    clock.current = START + timedelta(days=1)
    runner.feed(
        event(p, "Order Completed", clock.current)
        for i, p in enumerate(PERSONS)
        if _fate(i) == "order"
    )
    clock.current = START + timedelta(days=3)  # after the 2-day window: not a conversion
    runner.feed(
        event(p, "Order Completed", clock.current)
        for i, p in enumerate(PERSONS)
        if _fate(i) == "late"
    )


def _expected(basis: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(persons, converted) of treatment and holdout, counted from the script above."""
    treatment = [0, 0]
    holdout = [0, 0]
    for i, person in enumerate(PERSONS):
        fate = _fate(i)
        converted = fate in {"early", "order"}
        if in_holdout(person, "cart-reminder", 0.4):
            holdout[0] += 1
            holdout[1] += converted
        elif fate != "early" or basis == "assigned":
            treatment[0] += 1
            treatment[1] += converted
    return (treatment[0], treatment[1]), (holdout[0], holdout[1])


@pytest.mark.parametrize("basis", ["treated", "assigned"])
def test_effect_matches_hand_counts_and_scipy(store: Store, tmp_path: Path, basis: Basis) -> None:
    from scipy.stats import chi2_contingency, norm

    automations = load(write_folder(tmp_path / "automations", {"c.yaml": REMINDER}, SETTINGS))
    run_reminder(store, automations, tmp_path)
    result = chain_effect(store, automations.chains[0], basis=basis)

    (n_t, x_t), (n_c, x_c) = _expected(basis)
    assert n_c > 10  # both groups are really there
    assert n_t > 10
    assert (result.treatment.persons, result.treatment.converted) == (n_t, x_t)
    assert (result.holdout.persons, result.holdout.converted) == (n_c, x_c)
    early_treated = sum(
        1
        for i, p in enumerate(PERSONS)
        if _fate(i) == "early" and not in_holdout(p, "cart-reminder", 0.4)
    )
    assert result.unsent == early_treated
    assert result.pending == 0

    effect = result.effect
    assert effect is not None
    p_t, p_c = x_t / n_t, x_c / n_c
    assert effect.difference == pytest.approx(p_t - p_c)
    se = math.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)
    assert effect.ci_low == pytest.approx(p_t - p_c - norm.ppf(0.975) * se)
    assert effect.ci_high == pytest.approx(p_t - p_c + norm.ppf(0.975) * se)
    # the pooled z test of two proportions is Pearson's chi-square on the 2x2 table
    table = [[x_t, n_t - x_t], [x_c, n_c - x_c]]
    assert effect.p_value == pytest.approx(chi2_contingency(table, correction=False).pvalue)


def test_open_windows_are_pending_and_a_goal_is_required(store: Store, tmp_path: Path) -> None:
    automations = load(write_folder(tmp_path / "automations", {"c.yaml": REMINDER}, SETTINGS))
    run_reminder(store, automations, tmp_path)
    chain = automations.chains[0]

    still_open = chain_effect(store, chain, now=START + timedelta(days=1))
    assert still_open.pending == len(PERSONS)
    assert still_open.effect is None
    assert still_open.row()["holdout_rate"] is None  # JSON null, not NaN
    closed = chain_effect(store, chain, now=START + timedelta(days=2))
    assert closed.pending == 0
    assert closed.effect is not None

    no_goal = chain.model_copy(update={"goal": None})
    with pytest.raises(HintedValueError, match="no goal"):
        chain_effect(store, no_goal)
