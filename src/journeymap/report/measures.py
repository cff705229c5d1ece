"""Report measurements not covered by a dedicated analytics function: time-in-stage
distributions, persons per touchpoint, data range, sources and the simulated flag."""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.feedback import SURVEY_EVENT
from journeymap.analytics.jsonpath import json_text
from journeymap.analytics.segmentation import person_column
from journeymap.analytics.stages import stays

QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
SIMULATED_PREFIX = "simulated:"


def _rows(table: ir.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
    return rows


def time_in_stage(staged: ir.Table) -> dict[str, dict[str, float]]:
    """Per stage: quantiles (p10, p25, p50, p75, p90) of persons' time there, in seconds, and
    `persons` (persons with at least one finished stay), as `stage_metrics` defines the time."""
    stay_table = stays(staged)
    per_person = stay_table.group_by(["stage", "person"]).aggregate(
        seconds=stay_table.seconds.sum()
    )
    finished = per_person.filter(per_person.seconds.notnull())
    aggregates = {f"p{round(q * 100)}": finished.seconds.quantile(q) for q in QUANTILES}
    rows = _rows(finished.group_by("stage").aggregate(persons=finished.count(), **aggregates))
    return {
        str(row["stage"]): {k: float(v) for k, v in row.items() if k != "stage" and v is not None}
        for row in rows
    }


def touchpoint_persons(bound: ir.Table) -> dict[str, int]:
    """Persons per touchpoint over bound events (also touchpoints no stage lists)."""
    present = bound.filter(bound.touchpoint.notnull())
    present = present.mutate(person=person_column(present))
    rows = _rows(present.group_by("touchpoint").aggregate(n=present.person.nunique()))
    return {str(r["touchpoint"]): int(r["n"]) for r in rows}


def unbound_events(bound: ir.Table, limit: int = 10) -> list[dict[str, Any]]:
    """The most frequent event names no touchpoint binds, with their persons (survey answers
    are feedback, shown in their own section, not drift)."""
    loose = bound.filter(
        bound.touchpoint.isnull() & bound.event.notnull() & (bound.event != SURVEY_EVENT)
    )
    loose = loose.mutate(person=person_column(loose))
    counted = loose.group_by("event").aggregate(
        persons=loose.person.nunique(), events=loose.count()
    )
    return _rows(counted.order_by([counted.persons.desc(), counted.event]).limit(limit))


def data_facts(events: ir.Table) -> dict[str, Any]:
    """Events, persons, first and last timestamp, sources and whether the data is simulated."""
    with_person = events.mutate(person=person_column(events))
    flagged = json_text(with_person.context, "simulated")
    marked = (flagged == "true") | with_person.source.startswith(SIMULATED_PREFIX)
    summary = _rows(
        with_person.aggregate(
            events=with_person.count(),
            persons=with_person.person.nunique(),
            first=with_person.timestamp.min(),
            last=with_person.timestamp.max(),
            simulated=marked.fill_null(False).cast("int64").sum(),
        )
    )[0]
    sources = [
        str(r["source"])
        for r in _rows(events.filter(events.source.notnull()).select("source").distinct())
    ]
    return {
        "events": int(summary["events"] or 0),
        "persons": int(summary["persons"] or 0),
        "first": None if summary["first"] is None else summary["first"].isoformat(),
        "last": None if summary["last"] is None else summary["last"].isoformat(),
        "sources": sorted(sources),
        "simulated": int(summary["simulated"] or 0) > 0,
    }
