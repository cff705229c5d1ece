"""Stage metrics: how persons move through the stages of a map.

Events are bound to the map (`bind_events`); only events with a stage count. Per stage, in map
order:

- `persons`: persons with at least one event in the stage (reached it);
- `converted_to_next`: of them, persons with an event in the next stage at or after their first
  event in this stage; `conversion_to_next` is the share, `drop_off` the rest (count and share);
- time in stage: a *stay* is a run of a person's consecutive stage events (ordered by time, then
  message id) in the same stage; it lasts from its first event until the first event of the next
  stay. A person's time in a stage is the sum of her finished stays there (a last stay, which has
  no exit, is left out); `median_seconds` and `p90_seconds` summarize it over persons;
- `re_entries`: stays beyond the first (coming back after another stage); `persons_reentering`;
- `touchpoints` and `channels`: persons per touchpoint and per channel within the stage.

Overall: persons who reached the first stage and, at or after their first event there, the last
stage (`overall_conversion`).
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from typing import Any

import ibis

from journeymap.analytics.bind import bind_events
from journeymap.analytics.clock import epoch_seconds
from journeymap.analytics.segmentation import person_column
from journeymap.model.journey import JourneyMap


@dataclass(frozen=True)
class StageRow:
    stage: str
    name: str
    persons: int
    next_stage: str | None
    converted_to_next: int | None
    conversion_to_next: float | None
    drop_off: int | None
    drop_off_share: float | None
    median_seconds: float | None
    p90_seconds: float | None
    re_entries: int
    persons_reentering: int
    touchpoints: dict[str, int]
    channels: dict[str, int]


@dataclass(frozen=True)
class StageMetrics:
    stages: list[StageRow]
    persons_first_stage: int
    persons_reaching_last: int
    overall_conversion: float | None

    def stage(self, stage_id: str) -> StageRow:
        for row in self.stages:
            if row.stage == stage_id:
                return row
        raise KeyError(stage_id)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rows(table: ibis.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return rows


def staged_events(events: ibis.Table, journey: JourneyMap) -> ibis.Table:
    """Bound events that have a stage: `person`, `stage`, `touchpoint`, `channel`, `at`, ..."""
    bound = events if "stage" in events.columns else bind_events(events, journey)
    bound = bound.filter(bound.stage.notnull())
    return bound.select(
        person=person_column(bound),
        stage=bound.stage,
        touchpoint=bound.touchpoint,
        channel=bound.channel,
        message_id=bound.message_id,
        at=epoch_seconds(bound.timestamp),
    )


def stays(staged: ibis.Table) -> ibis.Table:
    """One row per stay: `person`, `stage`, `stay` (0-based per person), `start`, `seconds`."""
    order = [staged.at, staged.message_id]
    window = ibis.window(group_by=staged.person, order_by=order)
    marked = staged.mutate(
        new_stay=(staged.stage != staged.stage.lag(1).over(window)).fill_null(True).cast("int64")
    )
    running = ibis.cumulative_window(
        group_by=marked.person, order_by=[marked.at, marked.message_id]
    )
    numbered = marked.mutate(stay=marked.new_stay.sum().over(running) - 1)
    runs = numbered.group_by(["person", "stay", "stage"]).aggregate(start=numbered.at.min())
    following = ibis.window(group_by=runs.person, order_by=runs.stay)
    return runs.mutate(seconds=runs.start.lead(1).over(following) - runs.start)


def stage_metrics(events: ibis.Table, journey: JourneyMap) -> StageMetrics:
    """Reach, conversion to the next stage, time in stage, re-entries and touchpoints per stage."""
    # Binding parses JSON per event; cache it once instead of once per query below.
    with staged_events(events, journey).cache() as staged:
        return _stage_metrics(staged, journey)


def _stage_metrics(staged: ibis.Table, journey: JourneyMap) -> StageMetrics:
    order = [s.id for s in journey.stages]
    spans = staged.group_by(["person", "stage"]).aggregate(
        first_at=staged.at.min(), last_at=staged.at.max()
    )
    reached = {r["stage"]: int(r["n"]) for r in _rows(
        spans.group_by("stage").aggregate(n=spans.count())
    )}  # fmt: skip
    converted = _pair_conversions(spans, list(itertools.pairwise(order)))
    first_last = _pair_conversions(spans, [(order[0], order[-1])]) if len(order) > 1 else {}
    stay_table = stays(staged)
    per_person = stay_table.group_by(["stage", "person"]).aggregate(
        seconds=stay_table.seconds.sum(), visits=stay_table.count()
    )
    finished = per_person.filter(per_person.seconds.notnull())
    timing = {r["stage"]: r for r in _rows(
        finished.group_by("stage").aggregate(
            median=finished.seconds.median(), p90=finished.seconds.quantile(0.9)
        )
    )}  # fmt: skip
    reentry = {r["stage"]: r for r in _rows(
        per_person.group_by("stage").aggregate(
            re_entries=(per_person.visits - 1).sum(),
            persons=(per_person.visits > 1).cast("int64").sum(),
        )
    )}  # fmt: skip
    touchpoints = _persons_by(staged, "touchpoint")
    channels = _persons_by(staged, "channel")
    rows: list[StageRow] = []
    for k, stage in enumerate(journey.stages):
        persons = reached.get(stage.id, 0)
        following = order[k + 1] if k + 1 < len(order) else None
        moved = converted.get((stage.id, following), 0) if following else None
        timed = timing.get(stage.id, {})
        rows.append(
            StageRow(
                stage=stage.id,
                name=stage.name,
                persons=persons,
                next_stage=following,
                converted_to_next=moved,
                conversion_to_next=(moved / persons if persons else None)
                if moved is not None
                else None,
                drop_off=persons - moved if moved is not None else None,
                drop_off_share=((persons - moved) / persons if persons else None)
                if moved is not None
                else None,
                median_seconds=_float(timed.get("median")),
                p90_seconds=_float(timed.get("p90")),
                re_entries=int(reentry.get(stage.id, {}).get("re_entries") or 0),
                persons_reentering=int(reentry.get(stage.id, {}).get("persons") or 0),
                touchpoints=touchpoints.get(stage.id, {}),
                channels=channels.get(stage.id, {}),
            )
        )
    first = reached.get(order[0], 0) if order else 0
    last = first_last.get((order[0], order[-1]), first) if order else 0
    return StageMetrics(rows, first, last, last / first if first else None)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _pair_conversions(
    spans: ibis.Table, pairs: list[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """Persons in `a` with an event in `b` at or after their first event in `a`, per pair."""
    if not pairs:
        return {}
    wanted = ibis.memtable(
        {"stage": [a for a, _ in pairs], "target": [b for _, b in pairs]},
        schema={"stage": "string", "target": "string"},
    )
    source = spans.join(wanted, spans.stage == wanted.stage).select(
        spans.person, spans.stage, spans.first_at, wanted.target
    )
    target = spans.select(person_b="person", target_b="stage", last_b="last_at")
    joined = source.join(
        target,
        [
            source.person == target.person_b,
            source.target == target.target_b,
            target.last_b >= source.first_at,
        ],
    )
    counts = joined.group_by(["stage", "target"]).aggregate(n=joined.person.nunique())
    return {(r["stage"], r["target"]): int(r["n"]) for r in _rows(counts)}


def _persons_by(staged: ibis.Table, column: str) -> dict[str, dict[str, int]]:
    present = staged.filter(staged[column].notnull())
    counts = present.group_by(["stage", column]).aggregate(n=present.person.nunique())
    result: dict[str, dict[str, int]] = {}
    for row in sorted(_rows(counts), key=lambda r: (r["stage"], -int(r["n"]), str(r[column]))):
        result.setdefault(row["stage"], {})[str(row[column])] = int(row["n"])
    return result
