"""Real paths through the stages, as Sankey links that add up.

A person's path is her stages in the order she first entered them (re-entries are left out, so
every person is counted once per column). Column 0 holds every person who entered any stage;
each person in column k either goes on to her next stage in column k+1 or ends in the
`drop-off` node of column k+1. The drop-off band is carried on to the last column, so every
column sums to the persons who entered; final columns holding only drop-offs are left out.
Paths are cut after `max_steps` columns, and nodes with fewer than `min_share` of the persons
are merged into `other` (still adding up).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import ibis
import ibis.expr.types as ir

DROP_OFF = "drop-off"
OTHER = "other"


@dataclass(frozen=True)
class FlowLink:
    step: int
    """Column of the source node (0-based); the target is in column `step + 1`."""
    source: str
    target: str
    persons: int


@dataclass(frozen=True)
class Flows:
    entered: int
    columns: list[dict[str, int]]
    """Persons per node, one mapping per column."""
    links: list[FlowLink]

    def as_dict(self) -> dict[str, Any]:
        return {
            "entered": self.entered,
            "columns": self.columns,
            "links": [asdict(link) for link in self.links],
        }


def first_entries(staged: ir.Table) -> ir.Table:
    """`person`, `stage`, `step` (0-based order of first entry) from staged events.

    A stage's first entry is its first event in the one event order (timestamp, then source
    order, `analytics/event_order.py`), so two stages entered in the same second (or the same
    microsecond) are ordered as everywhere else, by the events themselves."""
    ordered = staged.mutate(
        position=ibis.row_number().over(
            ibis.window(group_by=staged.person, order_by=[staged.at, staged.tie])
        )
    )
    firsts = ordered.group_by(["person", "stage"]).aggregate(first=ordered.position.min())
    window = ibis.window(group_by=firsts.person, order_by=firsts.first)
    return firsts.mutate(step=ibis.row_number().over(window)).select("person", "stage", "step")


def stage_flows(staged: ir.Table, *, max_steps: int = 6, min_share: float = 0.01) -> Flows:
    entries = first_entries(staged)
    sources = entries.filter(entries.step < max_steps - 1)
    following = entries.select(person2="person", next_stage="stage", step2="step")
    pairs = sources.left_join(
        following,
        [sources.person == following.person2, sources.step + 1 == following.step2],
    )
    pairs = pairs.mutate(target=pairs.next_stage.fill_null(DROP_OFF))
    counted = pairs.group_by(["step", "stage", "target"]).aggregate(persons=pairs.person.nunique())
    rows: list[dict[str, Any]] = counted.to_pyarrow().to_pylist()
    raw = [
        FlowLink(int(r["step"]), str(r["stage"]), str(r["target"]), int(r["persons"])) for r in rows
    ]
    entered = sum(link.persons for link in raw if link.step == 0)
    small = _small_nodes(raw, entered * min_share)
    links = _merge(
        [
            FlowLink(
                link.step,
                OTHER if (link.step, link.source) in small else link.source,
                OTHER if (link.step + 1, link.target) in small else link.target,
                link.persons,
            )
            for link in raw
        ]
    )
    links = _carry_drop_off(_trim(links))
    return Flows(entered, _columns(links), links)


def _trim(links: list[FlowLink]) -> list[FlowLink]:
    """Leave out final columns where everyone left: nobody goes on, so nothing to see."""
    while links:
        last = max(link.step for link in links)
        if any(link.target != DROP_OFF for link in links if link.step == last):
            break
        links = [link for link in links if link.step != last]
    return links


def _carry_drop_off(links: list[FlowLink]) -> list[FlowLink]:
    if not links:
        return links
    last = max(link.step for link in links)
    carried = list(links)
    dropped = 0
    for step in range(last + 1):
        dropped += sum(
            link.persons for link in links if link.step == step - 1 and link.target == DROP_OFF
        )
        if dropped and step <= last:
            carried.append(FlowLink(step, DROP_OFF, DROP_OFF, dropped))
    return sorted(carried, key=lambda link: (link.step, link.source == DROP_OFF, -link.persons))


def _small_nodes(links: list[FlowLink], threshold: float) -> set[tuple[int, str]]:
    totals: dict[tuple[int, str], int] = {}
    for link in links:
        key = (link.step, link.source)
        totals[key] = totals.get(key, 0) + link.persons
    return {key for key, n in totals.items() if n < threshold and key[1] != DROP_OFF}


def _merge(links: list[FlowLink]) -> list[FlowLink]:
    merged: dict[tuple[int, str, str], int] = {}
    for link in links:
        key = (link.step, link.source, link.target)
        merged[key] = merged.get(key, 0) + link.persons
    return [
        FlowLink(step, source, target, n)
        # ties by name: the engine returns the counts in no fixed order
        for (step, source, target), n in sorted(
            merged.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1], kv[0][2])
        )
    ]


def _columns(links: list[FlowLink]) -> list[dict[str, int]]:
    if not links:
        return []
    last = max(link.step for link in links) + 1
    columns: list[dict[str, int]] = [{} for _ in range(last + 1)]
    for link in links:
        if link.step == 0:
            columns[0][link.source] = columns[0].get(link.source, 0) + link.persons
        column = columns[link.step + 1]
        column[link.target] = column.get(link.target, 0) + link.persons
    return columns
