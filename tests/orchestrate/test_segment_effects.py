"""A chain's lift per segment (a property of the entry event, the profile's segment), checked
against hand counts, scipy's chi-square test per segment and Holm's adjustment by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from journeymap.model.problems import HintedValueError
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.effect import chain_effect
from journeymap.orchestrate.holdout import in_holdout
from journeymap.orchestrate.segment_effects import segmented_effects
from journeymap.store import Store
from tests.orchestrate.helpers import START, event, load, make_runner, write_folder
from tests.orchestrate.test_markers import SETTINGS, _store_events

CHAIN = """
automation: 1
id: reminder
entry: {event: Cart Abandoned}
holdout: 0.3
goal: {event: Order Completed, window: 2d}
steps:
  - {id: remind, send: reminder}
messages:
  reminder: {channel: email, text: {en: "your cart {{ unsubscribe_url }}"}}
"""
PERSONS = [f"p{i:02d}" for i in range(80)]
NOW = START + timedelta(days=3)


def _region(index: int) -> str:
    return "north" if index % 2 == 0 else "south"


def _held(person: str) -> bool:
    return in_holdout(person, "reminder", 0.3)


def _converts(index: int) -> bool:
    """In the north the reminder works (3 in 5 against 1 in 5), in the south it does not."""
    if _region(index) == "north" and not _held(PERSONS[index]):
        return index % 5 in (0, 1, 2)
    return index % 5 == 0


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Chain]]:
    tmp_path = tmp_path_factory.mktemp("segment-effects")
    automations = load(write_folder(tmp_path / "automations", {"c.yaml": CHAIN}, SETTINGS))
    with Store.open("duckdb://:memory:") as store:
        profiles = {p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS}
        runner, clock = make_runner(store, automations, tmp_path / "outbox.jsonl", profiles)
        entries = [
            event(p, "Cart Abandoned", START, region=_region(i)) for i, p in enumerate(PERSONS)
        ]
        runner.feed(entries)
        clock.current = START + timedelta(hours=5)
        orders = [
            event(p, "Order Completed", clock.current)
            for i, p in enumerate(PERSONS)
            if _converts(i)
        ]
        runner.feed(orders)
        _store_events(store, entries + orders)
        store.duckdb.executemany(
            "INSERT INTO profiles (person_id, segment, computed_at) VALUES (?, ?, ?)",
            [
                (p, "vip" if i < 20 else "basic", START.replace(tzinfo=None))
                for i, p in enumerate(PERSONS)
            ],
        )
        yield store, automations.chains[0]


def _holm(p_values: list[float]) -> list[float]:
    """Holm for two p-values, written out."""
    low, high = sorted(p_values)
    adjusted = {low: min(1.0, 2 * low), high: min(1.0, max(2 * low, high))}
    return [adjusted[p] for p in p_values]


def test_goal_lift_per_region_matches_hand_counts_scipy_and_holm(
    filled: tuple[Store, Chain],
) -> None:
    from scipy.stats import chi2_contingency

    store, chain = filled
    (goal,) = segmented_effects(store, chain, "property:region", markers=["goal"], now=NOW)
    assert [s.segment for s in goal.segments] == ["north", "south"]
    p_values = []
    for found in goal.segments:
        members = [i for i, _p in enumerate(PERSONS) if _region(i) == found.segment]
        treated = [i for i in members if not _held(PERSONS[i])]
        held = [i for i in members if _held(PERSONS[i])]
        x_t, x_c = sum(map(_converts, treated)), sum(map(_converts, held))
        marker = found.marker
        assert (marker.treatment.units, marker.treatment.successes) == (len(treated), x_t)
        assert (marker.holdout.units, marker.holdout.successes) == (len(held), x_c)
        assert marker.effect is not None
        assert marker.effect.difference == pytest.approx(x_t / len(treated) - x_c / len(held))
        table = [[x_t, len(treated) - x_t], [x_c, len(held) - x_c]]
        assert marker.effect.p_value == pytest.approx(
            chi2_contingency(table, correction=False).pvalue
        )
        p_values.append(marker.effect.p_value)
    adjusted = [s.p_adjusted for s in goal.segments]
    assert adjusted == pytest.approx(_holm(p_values))
    north = goal.segments[0].marker.effect
    assert north is not None
    assert north.difference > 0.2  # the reminder works in the north


def test_segments_add_up_to_the_whole_chain(filled: tuple[Store, Chain]) -> None:
    store, chain = filled
    whole = chain_effect(store, chain, now=NOW)
    (goal,) = segmented_effects(store, chain, "segment", markers=["goal"], now=NOW, correction="bh")
    assert {s.segment for s in goal.segments} == {"vip", "basic"}
    assert sum(s.marker.treatment.units for s in goal.segments) == whole.treatment.persons
    assert sum(s.marker.holdout.successes or 0 for s in goal.segments) == whole.holdout.converted
    assert goal.row()["segments"][0]["p_adjusted"] is not None


def test_an_unknown_segmentation_is_refused_with_a_hint(filled: tuple[Store, Chain]) -> None:
    store, chain = filled
    with pytest.raises(HintedValueError, match="regoin") as raised:
        segmented_effects(store, chain, "regoin", now=NOW)
    assert "trait:KEY" in str(raised.value.hint)
