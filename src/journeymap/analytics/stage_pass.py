"""The pieces of `stage_metrics`, computed the cheap way for one summary.

The numbers are those of `stage_visits` and `person_stages` (see `stage_visits.py` for how
stays and times in stage follow from the previous and next event of each event), but:

- events are bound to integer codes of stage, touchpoint and channel (their positions in the
  map or in the channel list), not to strings (`coded_stage_events`);
- most persons need no ordering of their events at all. One aggregate gives each person's first
  and last time in each stage (`person_pivot`, one row per person). When the time spans of her
  stages neither meet nor overlap, she visits each stage once, in the order of their first
  events, and each stay lasts until the first event of the next stage. Only the events of the
  other, *crossing* persons (a few percent of the persons, a fifth of the events of the
  simulated shop) are bound again and pass the window sort (`windowed_stays`), which costs most;
- the window's rows are aggregated straight to one row per person and stage, with 0/1 factors
  instead of filtered aggregates (each filter costs the engine a pass over its input);
- the persons per touchpoint and per channel of each stage come from bit sets: bit `i` of a
  person's mask in a stage says she has an event there of flag `i` (a touchpoint, or a channel
  after them), so the summary per stage counts persons per flag without another pass over the
  events. Channels are data, so their list is read first (one small query over the channel
  column); with more than `MAX_CHANNELS` of them the channel counts take a separate exact
  aggregate instead;
- one query sums it all up per stage, for all persons and for any groups of persons at once
  (`stage_summary`): three queries in all, however many segments, which matters on small logs,
  where building and compiling each query costs more than running it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

from journeymap.analytics.bind import bound_touchpoints, touchpoint_index, touchpoint_stages
from journeymap.analytics.clock import epoch_micros
from journeymap.analytics.event_order import source_order
from journeymap.analytics.person_window import person_window
from journeymap.analytics.segmentation import person_column
from journeymap.model.journey import JourneyMap

MAX_CHANNELS = 64
_BITS = 62  # flags per int64 mask: bit 63 is the sign, kept clear
_POWERS = ibis.literal([1 << bit for bit in range(_BITS)], type="array<int64>")


@ibis.udf.agg.builtin(name="bit_or")  # type: ignore[untyped-decorator]
def _bit_or(value: int) -> int:  # type: ignore[empty-body]
    """OR of the values (DuckDB and Spark SQL both have `bit_or`; Ibis maps it for DuckDB only)."""


@dataclass(frozen=True)
class StageCodes:
    """What the integer codes of one query stand for."""

    stages: list[str]  # stage ids, position = code `s`
    touchpoints: list[str]  # bound touchpoint ids, position = code `t`
    touchpoint_stage: list[int | None]  # stage code of each touchpoint (None: in no stage)
    channels: list[str]  # channel values, position = code `c`; empty when counted apart
    channels_apart: bool = False  # more than MAX_CHANNELS: counted by a separate aggregate

    @property
    def flags(self) -> int:
        """Flags per stage: the touchpoints, then the channels."""
        return len(self.touchpoints) + len(self.channels)

    @property
    def words(self) -> int:
        """int64 masks needed for the flags."""
        return (self.flags + _BITS - 1) // _BITS

    def position(self, flag: int) -> tuple[int, int]:
        """The mask word and the bit in it of flag number `flag`."""
        return divmod(flag, _BITS)


def stage_codes(events: ir.Table, journey: JourneyMap) -> StageCodes:
    """The codes for `journey`, with the channels of `events` (read with one small query over
    the channel column) unless there are more than `MAX_CHANNELS` of them."""
    stage_ids = [stage.id for stage in journey.stages]
    stage_code = {stage_id: k for k, stage_id in enumerate(stage_ids)}
    stage_of = touchpoint_stages(journey)
    bound = bound_touchpoints(journey)
    present = events.filter(events.channel.notnull()).select("channel").distinct()
    found = sorted(str(v) for v in present.limit(MAX_CHANNELS + 1).to_pyarrow()["channel"])
    return StageCodes(
        stages=stage_ids,
        touchpoints=[tp.id for tp in bound],
        touchpoint_stage=[stage_code.get(stage_of.get(tp.id, "")) for tp in bound],
        channels=found if len(found) <= MAX_CHANNELS else [],
        channels_apart=len(found) > MAX_CHANNELS,
    )


def coded_stage_events(events: ir.Table, journey: JourneyMap, codes: StageCodes) -> ir.Table:
    """Events with a stage as `pid`, `at` (microseconds), `tie` (source order), `s`, `t`, `c`
    (int32 codes of
    stage, touchpoint and channel; `c` NULL when the channel is NULL or not coded) and, when
    the channels are counted apart, `channel`. Bound events (with `stage` and `touchpoint` columns
    from `bind_events`) are coded from those columns, others are bound here."""
    if "stage" in events.columns:
        table = events.mutate(
            s=_lookup(events.stage, codes.stages), t=_lookup(events.touchpoint, codes.touchpoints)
        )
    elif codes.touchpoints:
        prepared, index, _ = touchpoint_index(events, bound_touchpoints(journey))
        stages_by_index = ibis.literal([*codes.touchpoint_stage, None], type="array<int32>")
        table = prepared.mutate(t=index)
        table = table.mutate(s=stages_by_index[table.t])
    else:
        table = events.mutate(s=ibis.null("int32"), t=ibis.null("int32"))
    table = table.filter(table.s.notnull())
    extra = {"channel": table.channel} if codes.channels_apart else {}
    return table.select(
        pid=person_column(table),
        at=epoch_micros(table.timestamp),
        tie=source_order(table),
        s=table.s,
        t=table.t,
        c=_lookup(table.channel, codes.channels),
        **extra,
    )


def _lookup(column: ir.StringValue, values: list[str]) -> ir.IntegerValue:
    """The int32 position of `column` in `values`, NULL when absent."""
    if not values:
        return ibis.null("int32")
    code: ir.IntegerValue = column.cases(
        *[(value, ibis.literal(k, "int32")) for k, value in enumerate(values)],
        else_=ibis.null("int32"),
    )
    return code


def person_pivot(coded: ir.Table, codes: StageCodes) -> ir.Table:
    """One row per person with a stage event: `pid`, and per stage code k `first_k` and
    `last_k` (her first and last event there, NULL when she missed it), `mask_k_w` (her flags
    there, 0 when none), `micros_k` (for persons not crossing: her time there, NULL for her
    last stage or a stage she missed), and `crossing`. Times are microseconds.

    A person is *crossing* when the time spans (first to last event) of two of her stages meet
    or overlap. The others visit each stage once, in the order of their first events, and a
    stay lasts until the first event of the next stage: no window is needed for them.

    One aggregate per person over the events, with one CASE per stage and column, not a group by
    person and stage pivoted afterwards: the second aggregate cost more than the CASEs (0.46 s
    against 0.31 s for 1M simulated events, 2.6 s against 1.9 s for 10M).
    """
    none = ibis.null("int64")
    flag_c = len(codes.touchpoints) + coded.c
    # each event's flags once, not once per stage
    flagged = coded.mutate(
        **{f"bits_{w}": _bits(coded.t, w) | _bits(flag_c, w) for w in range(codes.words)}
    )
    sums: dict[str, Any] = {}
    for k in range(len(codes.stages)):
        here = flagged.s == k
        sums[f"first_{k}"] = ibis.ifelse(here, flagged.at, none).min()
        sums[f"last_{k}"] = ibis.ifelse(here, flagged.at, none).max()
        for w in range(codes.words):
            bits = ibis.ifelse(here, flagged[f"bits_{w}"], ibis.literal(0, "int64"))
            sums[f"mask_{k}_{w}"] = _bit_or(bits)
    pivot = flagged.group_by("pid").aggregate(**sums)
    stages = len(codes.stages)
    crossing: ir.BooleanValue = ibis.literal(False)
    for a in range(stages):
        for b in range(a + 1, stages):
            meet = (pivot[f"first_{a}"] <= pivot[f"last_{b}"]) & (
                pivot[f"first_{b}"] <= pivot[f"last_{a}"]
            )
            crossing = crossing | meet.fill_null(False)
    spans: dict[str, Any] = {}
    for k in range(stages):
        first = pivot[f"first_{k}"]
        later = [
            ibis.ifelse(pivot[f"first_{j}"] > first, pivot[f"first_{j}"], none)
            for j in range(stages)
            if j != k
        ]
        # Spark's `least` needs two arguments or more (a map of two stages has one)
        following = ibis.least(*later) if len(later) > 1 else (later[0] if later else none)
        spans[f"micros_{k}"] = following - first
    return pivot.mutate(crossing=crossing, **spans)


def windowed_stays(coded: ir.Table, stages: int) -> ir.Table:
    """One row per person and stage reached: `pid`, `s`, `stays`, `micros` (her time there,
    NULL without a finished stay), `converted` (1 when her last event in the next stage comes
    after her first event in this one) and, for the first stage, `overall` (the same for the
    last of the `stages`), from one window pass over her events in order.

    Conversions compare places in the one order of events (time, then source order), not
    times: two stages' events of one microsecond count in the order the source file lists them.

    As in `stage_visits.py`, a finished stay lasts the sum of its events' gaps to the next
    event, and the open stay's gaps sum to the stage's last event minus its start; every term
    is a difference of microseconds, so the int64 sums are exact."""
    window = person_window(coded.pid, [coded.at, coded.tie])
    edges = coded.mutate(
        starts=(coded.s != coded.s.lag(1).over(window)).fill_null(True),
        ends=(coded.s != coded.s.lead(1).over(window)).fill_null(True),
        gap=coded.at.lead(1).over(window) - coded.at,
        # places, not times: two stages' events of one microsecond keep their source order
        pos=ibis.row_number().over(window),
    )
    # 0/1 factors instead of filtered aggregates (see the module docstring)
    rows = edges.group_by(["pid", "s"]).aggregate(
        stays=edges.starts.cast("int64").sum(),
        gap_sum=edges.gap.fill_null(0).sum(),
        last_at=edges.at.max(),
        # the open stay is the person's last: it is the latest stay of its stage
        start_max=ibis.ifelse(edges.starts, edges.at, ibis.null("int64")).max(),
        open=(edges.ends & edges.gap.isnull()).cast("int64").max(),
        first_pos=edges.pos.min(),
        last_pos=edges.pos.max(),
    )
    micros = ibis.ifelse(
        rows.stays > rows.open,
        rows.gap_sum - ibis.ifelse(rows.open > 0, rows.last_at - rows.start_max, 0),
        ibis.null("int64"),
    )
    # the person's stages in map order: the next row is the next stage when she reached it
    by_stage = ibis.window(group_by=rows.pid, order_by=rows.s)
    everyone = ibis.window(group_by=rows.pid)
    last_stage = ibis.ifelse(rows.s == stages - 1, rows.last_pos, ibis.null("int64"))
    converted = (rows.s.lead(1).over(by_stage) == rows.s + 1) & (
        rows.last_pos.lead(1).over(by_stage) > rows.first_pos
    )
    overall = (rows.s == 0) & (last_stage.max().over(everyone) > rows.first_pos)
    return rows.select(
        "pid",
        "s",
        "stays",
        micros=micros,
        converted=converted.fill_null(False).cast("int64"),
        overall=overall.fill_null(False).cast("int64"),
    )


def crossing_events(events: ir.Table, pivot: ir.Table) -> ir.Table:
    """The events of crossing persons (a NULL person matches the NULL person), chosen before
    binding so that only their events are bound a second time."""
    crossing = pivot.filter(pivot.crossing).select(crossing_pid=pivot.pid)
    return events.semi_join(crossing, [person_column(events).identical_to(crossing.crossing_pid)])


def _bits(flag: ir.IntegerValue, word: int) -> ir.IntegerValue:
    """1 << the flag's bit when the flag is in mask `word`, else 0 (also for NULL flags)."""
    low, high = word * _BITS, (word + 1) * _BITS
    inside = (flag >= low) & (flag < high)
    # a lookup, not `1 << bit`: Ibis drops the cast of the literal 1 and engines then shift a
    # 32-bit integer
    shifted = _POWERS[(flag - low).cast("int32")]
    bits: ir.IntegerValue = ibis.ifelse(inside.fill_null(False), shifted, ibis.literal(0, "int64"))
    return bits
