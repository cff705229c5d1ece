"""Funnels and transitions on real process logs, each checked against pandas in the test."""

from __future__ import annotations

import bisect
import functools
import gzip
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from journeymap.analytics.durations import parse_duration
from journeymap.analytics.funnel import funnel
from journeymap.analytics.transitions import transitions
from tests.analytics.conftest import MakeEvents, ToRecords
from tests.conftest import dataset

pytestmark = [pytest.mark.data, pytest.mark.slow]


def read_xes(path: Path) -> pd.DataFrame:
    """Case, activity and time of every event (read once per test session: a copy of it)."""
    return _parsed_xes(path).copy()


@functools.cache
def _parsed_xes(path: Path) -> pd.DataFrame:
    """iterparse: the file is never fully in memory; BPI 2012 takes half a minute to parse."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    rows: list[tuple[str, str, str]] = []
    case = ""
    in_event = False
    with opener(path, "rb") as handle:
        for kind, element in ET.iterparse(handle, events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "event":
                in_event = kind == "start"
                if kind == "end":
                    values = {c.get("key"): c.get("value") for c in element}
                    rows.append((case, values.get("concept:name") or "", values["time:timestamp"]))
                    element.clear()
            elif kind == "end" and tag == "string" and not in_event:
                if element.get("key") == "concept:name":
                    case = element.get("value") or ""
            elif kind == "end" and tag == "trace":
                element.clear()
    return pd.DataFrame(rows, columns=["person_id", "event", "time"])


def to_events(frame: pd.DataFrame, channel: pd.Series | None = None) -> pd.DataFrame:
    stamps = pd.to_datetime(frame["time"], utc=True, format="mixed").dt.tz_convert(None)
    events = pd.DataFrame(
        {
            "message_id": [f"m{i:07d}" for i in range(len(frame))],
            "person_id": frame["person_id"].astype(str),
            "event": frame["event"].astype(str),
            "timestamp": stamps,
        }
    )
    if channel is not None:
        events["channel"] = channel.astype(str).to_numpy()
    return events


def receipt_events(root: Path) -> pd.DataFrame:
    """The Receipt log (CSV) as events, with each case's channel."""
    raw = pd.read_csv(dataset(root, "pm4py-eventlogs", "receipt.csv"))
    frame = raw.rename(
        columns={
            "case:concept:name": "person_id",
            "concept:name": "event",
            "time:timestamp": "time",
        }
    )
    return to_events(frame, channel=raw["case:channel"])


def reference_funnel(events: pd.DataFrame, steps: list[str], window: pd.Timedelta) -> list[int]:
    """Per step, persons whose best chain reaches it (bisect over each step's positions)."""
    rank = {name: i for i, name in reversed(list(enumerate(steps)))}
    data = events[events["event"].isin(steps)].copy()
    data["rank"] = data["event"].map(rank)
    data = data.sort_values(["person_id", "timestamp", "rank", "message_id"])
    reached = [0] * len(steps)
    for _, group in data.groupby("person_id", sort=False):
        names = group["event"].tolist()
        times = group["timestamp"].tolist()
        where = {s: [i for i, n in enumerate(names) if n == s] for s in set(steps)}
        best = 0
        for start in where[steps[0]]:
            depth, at = 1, start
            for step in steps[1:]:
                positions = where[step]
                k = bisect.bisect_right(positions, at)
                if k == len(positions) or times[positions[k]] - times[start] > window:
                    break
                depth, at = depth + 1, positions[k]
            best = max(best, depth)
        for j in range(best):
            reached[j] += 1
    return reached


def reference_transitions(events: pd.DataFrame) -> dict[tuple[str, str], int]:
    data = events.sort_values(["person_id", "timestamp", "message_id"])
    following = data.groupby("person_id")["event"].shift(-1).fillna("__end__")
    pairs = pd.Series(list(zip(data["event"], following, strict=True))).value_counts()
    counts = {tuple(k): int(v) for k, v in pairs.items()}
    for name, n in data.groupby("person_id")["event"].first().value_counts().items():
        counts[("__start__", str(name))] = int(n)
    return counts  # type: ignore[return-value]


@pytest.fixture(params=["duckdb"])
def engine(request: pytest.FixtureRequest) -> Any:
    import ibis

    return ibis.duckdb.connect()


CASES = {
    "bpic2012": (
        "bpic2012.xes.gz",
        ["A_SUBMITTED", "A_PREACCEPTED", "A_ACCEPTED", "O_SENT", "A_APPROVED"],
        "30d",
    ),
    "helpdesk": (
        "helpdesk.xes.gz",
        ["Assign seriousness", "Take in charge ticket", "Resolve ticket", "Closed"],
        "60d",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_funnel_and_transitions_on_xes_logs(
    real_data: Path, make_events: MakeEvents, to_records: ToRecords, name: str
) -> None:
    file, steps, window = CASES[name]
    events = to_events(read_xes(dataset(real_data, "pm4py-eventlogs", file)))
    table = make_events(events)
    got = [s["persons"] for s in funnel(table, steps, window=window).steps()]
    assert got == reference_funnel(events, steps, pd.Timedelta(parse_duration(window)))
    assert got[0] > 1000
    assert got[-1] > 0
    edges = to_records(transitions(table, session_gap=None))
    assert {(e["source"], e["target"]): e["count"] for e in edges} == reference_transitions(events)


def test_receipt_funnel_per_channel(real_data: Path, make_events: MakeEvents) -> None:
    events = receipt_events(real_data)
    steps = [
        "Confirmation of receipt",
        "T02 Check confirmation of receipt",
        "T04 Determine confirmation of receipt",
        "T05 Print and send confirmation of receipt",
    ]
    result = funnel(make_events(events), steps, window="90d", breakdown="channel")
    by_channel = {b["value"]: [s["persons"] for s in b["steps"]] for b in result.breakdown()}
    assert set(by_channel) == set(events["channel"])
    for channel, counts in by_channel.items():
        mine = events[events["channel"] == channel]
        assert counts == reference_funnel(mine, steps, pd.Timedelta(days=90)), channel
