from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from journeymap.analytics.funnel import funnel
from journeymap.analytics.funnel_segments import funnel_by_segment
from journeymap.analytics.segment_split import (
    TooManySegmentsError,
    UnknownSegmentKeyError,
    split_segments,
)
from journeymap.analytics.segmentation import SegmentBy
from tests.analytics.conftest import MakeEvents
from tests.analytics.segment_log import (
    CHANNELS,
    STEPS,
    check_benjamini_hochberg,
    check_mann_whitney,
    check_proportion,
    first_channels,
    segment_log,
)

DUCKDB_ONLY = pytest.mark.parametrize("engine", ["duckdb"], indirect=True)


def test_each_segment_gets_the_funnel_of_its_own_persons(make_events: MakeEvents) -> None:
    rows = segment_log()
    result = funnel_by_segment(make_events(rows), STEPS, SegmentBy.parse("channel"), window="7d")
    channels = first_channels(rows)
    assert result.segmented_by == "channel"
    assert sorted(result.segments) == list(CHANNELS)
    for name, data in result.segments.items():
        alone = funnel(
            make_events([r for r in rows if channels[r["person_id"]] == name]), STEPS, window="7d"
        )
        assert data == {**alone.to_dict(), "time_to_convert": alone.time_to_convert()}
    assert sum(d["steps"][0]["persons"] for d in result.segments.values()) == len(channels)


def reference_seconds(rows: list[dict[str, Any]]) -> dict[str, dict[int, float]]:
    """Person -> step index -> seconds from the previous step, by hand (first view, the first
    cart at or after it, the first order at or after that)."""
    found: dict[str, dict[int, float]] = {}
    for person in {r["person_id"] for r in rows}:
        mine = sorted(
            (r for r in rows if r["person_id"] == person and r["event"]),
            key=lambda r: (r["timestamp"], r["message_id"]),
        )
        at: list[dt.datetime] = []
        for step in STEPS:
            after = [
                r["timestamp"]
                for r in mine
                if r["event"] == step and (not at or r["timestamp"] >= at[-1])
            ]
            if not after:
                break
            at.append(after[0])
        found[person] = {j: (at[j] - at[j - 1]).total_seconds() for j in range(1, len(at))}
    return found


@DUCKDB_ONLY
def test_tests_match_scipy_and_bh_runs_across_the_table(make_events: MakeEvents) -> None:
    rows = segment_log()
    result = funnel_by_segment(make_events(rows), STEPS, SegmentBy.parse("channel"), window="7d")
    channels = first_channels(rows)
    seconds = reference_seconds(rows)
    kinds = {(t.metric, t.test) for t in result.tests}
    assert kinds == {
        ("conversion_from_previous", "two_proportion_z"),
        ("seconds_from_previous", "mann_whitney_u"),
    }
    for test in result.tests:
        j = int(test.item.split(".")[0]) - 1
        assert test.item == f"{j + 1}. {STEPS[j]}"
        if test.test == "two_proportion_z":
            check_proportion(test)
            reached = [p for p, s in seconds.items() if j in s]
            before = [p for p, s in seconds.items() if j == 1 or (j - 1) in s]
            assert test.count == sum(channels[p] == test.segment for p in reached)
            assert test.n == sum(channels[p] == test.segment for p in before)
            assert test.count_rest == len(reached) - test.count
        else:
            mine = [s[j] for p, s in seconds.items() if j in s and channels[p] == test.segment]
            rest = [s[j] for p, s in seconds.items() if j in s and channels[p] != test.segment]
            check_mann_whitney(test, mine, rest)
    assert len(result.tests) == 2 * 2 * len(CHANNELS)
    check_benjamini_hochberg(result.tests)
    assert any(t.significant for t in result.tests)
    data = result.as_dict()
    assert set(data) == {"analysis", "segmented_by", "alpha", "segments", "tests", "notes"}
    assert {"p_value", "q_value", "significant"} <= set(data["tests"][0])


@DUCKDB_ONLY
def test_a_step_one_segment_never_reached_is_a_zero(make_events: MakeEvents) -> None:
    rows = [
        r for r in segment_log() if not (r["event"] == "Order Completed" and r["channel"] == "web")
    ]
    result = funnel_by_segment(make_events(rows), STEPS, SegmentBy.parse("channel"))
    assert result.segments["web"]["steps"][2]["persons"] == 0


@DUCKDB_ONLY
@pytest.mark.parametrize(
    ("spec", "suggestion"),
    [("trait:plann", "plan"), ("property:plan", None), ("column:chanel", "channel")],
)
def test_an_unknown_segment_key_is_a_clear_error(
    make_events: MakeEvents, spec: str, suggestion: str | None
) -> None:
    events = make_events(segment_log(persons=6))
    by = SegmentBy.parse(spec)
    with (
        pytest.raises(UnknownSegmentKeyError, match="no event has") as caught,
        split_segments(events, by),
    ):
        pass
    assert caught.value.suggestions == ([suggestion] if suggestion else [])
    with split_segments(events, SegmentBy.parse("trait:plan")) as split:
        assert split.names == ["free", "pro"]


@DUCKDB_ONLY
def test_a_key_unique_per_person_is_too_many_segments(make_events: MakeEvents) -> None:
    events = make_events(segment_log(persons=6))
    with (
        pytest.raises(TooManySegmentsError, match="gives 6 segments"),
        split_segments(events, SegmentBy.parse("column:person_id"), max_segments=5),
    ):
        pass
    with split_segments(events, SegmentBy.parse("column:person_id"), max_segments=6) as split:
        assert len(split.names) == 6


@DUCKDB_ONLY
def test_no_persons_is_an_error_not_an_empty_table(make_events: MakeEvents) -> None:
    rows = segment_log(persons=3)
    events = make_events(rows)
    empty = events.filter(events.event == "nothing")
    with pytest.raises(ValueError, match="no persons"), split_segments(empty, SegmentBy("channel")):
        pass
