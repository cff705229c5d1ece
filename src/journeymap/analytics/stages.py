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

How: one query binds the events, finds stay boundaries in one window pass and aggregates per
person, stage, touchpoint and channel (`stage_visits`); that table is cached. Two small queries
over it then give everything: a per-person pivot (first and last time, stays and time in each
stage) summarized in one global aggregate, and persons per touchpoint and per channel.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import ibis

from journeymap.analytics.stage_visits import person_stages, stage_visits, staged_events, stays
from journeymap.model.journey import JourneyMap

__all__ = ["StageMetrics", "StageRow", "stage_metrics", "staged_events", "stays"]


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


def stage_metrics(events: ibis.Table, journey: JourneyMap) -> StageMetrics:
    """Reach, conversion to the next stage, time in stage, re-entries and touchpoints per stage."""
    if not journey.stages:
        return StageMetrics([], 0, 0, None)
    # Binding parses JSON per event: one pass over the events, cached, feeds both queries.
    with stage_visits(staged_events(events, journey)).cache() as visits:
        totals = _totals(visits, [s.id for s in journey.stages])
        used = _persons_by(visits)
    rows: list[StageRow] = []
    last = len(journey.stages) - 1
    for k, stage in enumerate(journey.stages):
        persons = int(totals[f"persons_{k}"])
        following = journey.stages[k + 1].id if k < last else None
        moved = int(totals[f"converted_{k}"] or 0) if k < last else None
        rows.append(
            StageRow(
                stage=stage.id,
                name=stage.name,
                persons=persons,
                next_stage=following,
                converted_to_next=moved,
                conversion_to_next=_share(moved, persons),
                drop_off=persons - moved if moved is not None else None,
                drop_off_share=_share(persons - moved, persons) if moved is not None else None,
                median_seconds=_float(totals[f"median_{k}"]),
                p90_seconds=_float(totals[f"p90_{k}"]),
                re_entries=int(totals[f"re_entries_{k}"] or 0),
                persons_reentering=int(totals[f"reentering_{k}"] or 0),
                touchpoints=used.get(("touchpoint", stage.id), {}),
                channels=used.get(("channel", stage.id), {}),
            )
        )
    first = rows[0].persons
    reaching_last = int(totals["overall"] or 0) if last else first
    return StageMetrics(rows, first, reaching_last, reaching_last / first if first else None)


def _share(part: int | None, whole: int) -> float | None:
    return part / whole if part is not None and whole else None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _totals(visits: ibis.Table, order: list[str]) -> dict[str, Any]:
    """Every per-stage number and the overall conversion, from one per-person pivot.

    A person converts from stage a to stage b when her last event in b is at or after her
    first event in a (NULL comparisons, where she missed a stage, count as no).
    """
    per_stage = person_stages(visits)
    pivoted: dict[str, Any] = {}
    for k, stage_id in enumerate(order):
        here = per_stage.stage == stage_id
        pivoted[f"first_{k}"] = per_stage.first_at.min(where=here)
        pivoted[f"last_{k}"] = per_stage.last_at.max(where=here)
        pivoted[f"stays_{k}"] = per_stage.stays.max(where=here)
        pivoted[f"seconds_{k}"] = per_stage.seconds.max(where=here)
    pivot = per_stage.group_by("person").aggregate(**pivoted)

    def reached(a: int, b: int) -> Any:
        return (pivot[f"last_{b}"] >= pivot[f"first_{a}"]).cast("int64").sum()

    totals: dict[str, Any] = {"overall": reached(0, len(order) - 1)}
    for k in range(len(order)):
        stays_here, seconds = pivot[f"stays_{k}"], pivot[f"seconds_{k}"]
        totals[f"persons_{k}"] = pivot[f"first_{k}"].count()
        totals[f"re_entries_{k}"] = (stays_here - 1).sum()
        totals[f"reentering_{k}"] = (stays_here > 1).cast("int64").sum()
        totals[f"median_{k}"] = seconds.median()
        totals[f"p90_{k}"] = seconds.quantile(0.9)
        if k + 1 < len(order):
            totals[f"converted_{k}"] = reached(k, k + 1)
    return _rows(pivot.aggregate(**totals))[0]


def _persons_by(visits: ibis.Table) -> dict[tuple[str, str], dict[str, int]]:
    """(`touchpoint` or `channel`, stage) -> persons per value, most persons first."""
    parts = []
    for column in ("touchpoint", "channel"):
        present = visits.filter(visits[column].notnull())
        counted = present.group_by(["stage", present[column].name("value")]).aggregate(
            n=present.person.nunique()
        )
        parts.append(counted.mutate(kind=ibis.literal(column)))
    result: dict[tuple[str, str], dict[str, int]] = {}
    rows = _rows(ibis.union(*parts))
    for row in sorted(rows, key=lambda r: (r["kind"], r["stage"], -int(r["n"]), str(r["value"]))):
        result.setdefault((row["kind"], row["stage"]), {})[str(row["value"])] = int(row["n"])
    return result
