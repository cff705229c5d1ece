"""The last query of `stage_metrics`: the per-person pieces (`stage_pass`) summed up per stage,
for all persons and, in the same query, for each group of persons.

A *group* is any set of persons, given as a table `person`, `group` (text): the persons of one
segment value, say, and a person may be in several groups (one per segmentation). A group's
numbers are computed from the same per-person rows as everyone's, so they are exactly what
`stage_metrics` gives over the events of the group's persons alone, but without a pivot, a
window pass and a summary per group: N segments cost one query, not 3N. Persons are matched by
equality, so events without any person id (one person for everyone's numbers) are in no group,
as they are in no segment's events (`segment_split.SegmentSplit.subset`).

Keys of the results: the group's name, and None for all persons.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics.clock import seconds
from journeymap.analytics.stage_pass import StageCodes

TIME_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
"""Quantiles of the time in stage reported per stage beside the median (`time_quantiles`)."""

Summary = dict[str | None, dict[int, dict[str, Any]]]
"""Group (None: all persons) -> stage code -> the sums of `stage_summary`."""
Used = dict[str | None, dict[tuple[str, str], dict[str, int]]]
"""Group (None: all persons) -> (`touchpoint` or `channel`, stage id) -> persons per value."""


def stage_summary(
    pivot: ir.Table, windowed: ir.Table, codes: StageCodes, groups: ir.Table | None = None
) -> Summary:
    """Group -> stage code -> `persons`, `converted` (of them, persons reaching the next stage,
    and for the first stage `overall`, persons reaching the last), `re_entries`, `reentering`,
    `median`, `p90` and `flag_i` (persons in the stage with flag i), for the stages someone
    reached, from one query.

    A person converts from stage a to stage b when her last event in b comes after her first
    event in a in the one order of events (time, then source order; NULL comparisons, where she
    missed a stage, count as no). Crossing persons' stays and conversions come from the window
    pass (`windowed_stays`), the others' from the pivot: the time spans of their stages do not
    meet, so times alone order their stages.
    """
    rows = _person_rows(pivot, windowed, codes).mutate(group=ibis.null("string"))
    if groups is not None:
        member = groups.select(_member=groups.person, _group=groups.group.cast("string"))
        joined = rows.join(member, rows.pid == member._member)
        rows = rows.union(joined.mutate(group=joined._group).select(*rows.columns))
    rows = rows.mutate(seconds=seconds(rows.micros))
    zero = ibis.literal(0, "int64")
    sums: dict[str, Any] = {
        "persons": rows.person.sum(),
        "converted": rows.converted.sum(),
        "overall": rows.overall.sum(),
        "re_entries": ibis.greatest(rows.stays - 1, zero).sum(),
        "reentering": (rows.stays > 1).cast("int64").sum(),
        "median": rows.seconds.median(),
        "p90": rows.seconds.quantile(0.9),
        # the spread of the time in stage (`TIME_QUANTILES`), over persons with a finished stay
        "timed": rows.seconds.count(),
        **{_quantile_name(q): rows.seconds.quantile(q) for q in TIME_QUANTILES},
    }
    for flag in range(codes.flags):
        word, bit = codes.position(flag)
        has = (rows[f"mask_{word}"] & ibis.literal(1 << bit, "int64")) != 0
        sums[f"flag_{flag}"] = has.cast("int64").sum()
    found: Summary = {}
    for row in rows.group_by(["group", "s"]).aggregate(**sums).to_pyarrow().to_pylist():
        found.setdefault(row.pop("group"), {})[int(row["s"])] = row
    return found


def time_quantiles(summary: dict[int, dict[str, Any]], codes: StageCodes) -> dict[str, Any]:
    """Stage id -> `persons` (with a finished stay) and `p10` ... `p90` of their time there in
    seconds, for the stages where someone finished a stay (non-NULL quantiles only)."""
    found: dict[str, Any] = {}
    for k, row in sorted(summary.items()):
        if row["timed"]:
            names = [_quantile_name(q) for q in TIME_QUANTILES]
            found[codes.stages[k]] = {"persons": float(row["timed"])} | {
                name: float(row[name]) for name in names if row[name] is not None
            }
    return found


def _quantile_name(q: float) -> str:
    return f"p{round(q * 100)}"


def _person_rows(pivot: ir.Table, windowed: ir.Table, codes: StageCodes) -> ir.Table:
    """One row per person and stage reached from the pivot (`person` 1, and for a calm person
    her conversions and her one stay) and one per crossing person and stage from the window pass
    (her stays and conversions)."""
    stages = len(codes.stages)
    zero = ibis.literal(0, "int64")

    def reaches(table: ir.Table, a: int, b: int) -> ir.IntegerValue:
        hit = (table[f"last_{b}"] >= table[f"first_{a}"]).fill_null(False)
        return hit.cast("int64")

    parts = []
    for k in range(stages):
        reached = pivot.filter(pivot[f"first_{k}"].notnull())
        calm = ~reached.crossing
        parts.append(
            reached.select(
                pid=reached.pid,
                s=ibis.literal(k, "int32"),
                person=ibis.literal(1, "int64"),
                converted=ibis.ifelse(calm, reaches(reached, k, k + 1), zero)
                if k + 1 < stages
                else zero,
                overall=ibis.ifelse(calm, reaches(reached, 0, stages - 1), zero)
                if k == 0
                else zero,
                stays=calm.cast("int64"),
                micros=ibis.ifelse(calm, reached[f"micros_{k}"], ibis.null("int64")),
                **{f"mask_{w}": reached[f"mask_{k}_{w}"] for w in range(codes.words)},
            )
        )
    parts.append(
        windowed.select(
            pid=windowed.pid,
            s=windowed.s,
            person=zero,
            converted=windowed.converted,
            overall=windowed.overall,
            stays=windowed.stays,
            micros=windowed.micros,
            **{f"mask_{w}": zero for w in range(codes.words)},
        )
    )
    return ibis.union(*parts)


def persons_by(
    summary: Summary, coded: ir.Table, codes: StageCodes, groups: ir.Table | None = None
) -> Used:
    """Group -> (`touchpoint` or `channel`, stage id) -> persons per value, most persons first."""
    found: dict[str | None, list[tuple[str, str, str, int]]] = {}
    for group, per_stage in summary.items():
        here = found.setdefault(group, [])
        for k, row in per_stage.items():
            stage_id = codes.stages[k]
            for t, touchpoint in enumerate(codes.touchpoints):
                here.append(("touchpoint", stage_id, touchpoint, int(row[f"flag_{t}"] or 0)))
            for c, channel in enumerate(codes.channels):
                n = int(row[f"flag_{len(codes.touchpoints) + c}"] or 0)
                here.append(("channel", stage_id, channel, n))
    if codes.channels_apart:
        for group, stage, channel, n in _channels_apart(coded, groups):
            found.setdefault(group, []).append(("channel", codes.stages[stage], channel, n))
    result: Used = {}
    for group, rows in found.items():
        used = result.setdefault(group, {})
        for kind, stage_id, value, n in sorted(rows, key=lambda f: (f[0], f[1], -f[3], f[2])):
            if n > 0:
                used.setdefault((kind, stage_id), {})[value] = n
    return result


def _channels_apart(
    coded: ir.Table, groups: ir.Table | None
) -> list[tuple[str | None, int, str, int]]:
    """(group, stage code, channel, persons) by an exact aggregate, for more than
    `MAX_CHANNELS` channels. Distinct rows, not `nunique`: the events without any person id
    count as one person, as everywhere else."""
    present = coded.filter(coded.channel.notnull()).select("s", "channel", "pid").distinct()
    present = present.mutate(group=ibis.null("string"))
    if groups is not None:
        member = groups.select(_member=groups.person, _group=groups.group.cast("string"))
        joined = present.join(member, present.pid == member._member)
        present = present.union(joined.mutate(group=joined._group).select(*present.columns))
    counted = present.group_by(["group", "s", "channel"]).aggregate(n=present.count())
    return [
        (row["group"], int(row["s"]), str(row["channel"]), int(row["n"]))
        for row in counted.to_pyarrow().to_pylist()
    ]
