"""The persons of every value of every segmentation of the segment switcher, as one table.

`segment_groups(bound, specs)` assigns the persons once per segmentation (`segment_persons`,
all segmentations in one cached table), counts them per value (one query), keeps each
segmentation's `top` largest values and folds the rest into `other`. Its `groups` table
(`person`, `group`) feeds `grouped_stage_metrics`, which measures every value of every
segmentation in the same pass as all persons. A group is named `<n>|<value>`, n the
segmentation's position in `specs`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from journeymap.analytics.segmentation import NO_SEGMENT, OTHER, SegmentBy, segment_persons

_SEPARATOR = "|"


@dataclass(frozen=True)
class ValueCounts:
    """One segmentation's values: the ones shown, with their persons, and the merged ones."""

    by: SegmentBy
    persons: dict[str, int]
    """Shown value -> persons, largest first (`other` last, holding the merged values)."""
    merged: list[str]
    """Values folded into `other` because only the top values are shown."""


@dataclass(frozen=True)
class SegmentGroups:
    segmentations: list[ValueCounts]
    groups: ir.Table | None
    """`person`, `group` for each person and segmentation; None without segmentations."""

    @property
    def names(self) -> list[str]:
        """Every group: each shown value of each segmentation."""
        return [
            group_name(n, value)
            for n, counts in enumerate(self.segmentations)
            for value in counts.persons
        ]


def group_name(position: int, value: str) -> str:
    """The group of a shown value of the segmentation at `position`."""
    return f"{position}{_SEPARATOR}{value}"


@contextmanager
def segment_groups(bound: ir.Table, specs: Sequence[str], top: int) -> Iterator[SegmentGroups]:
    """The groups of `specs` over `bound`; the assignment stays cached inside the block."""
    parsed = [SegmentBy.parse(spec) for spec in specs]
    if not parsed:
        yield SegmentGroups([], None)
        return
    assigned = ibis.union(
        *[
            segment_persons(bound, by).mutate(by=ibis.literal(n, "int32"))
            for n, by in enumerate(parsed)
        ]
    )
    with assigned.cache() as cached:
        counted = cached.group_by(["by", "segment"]).aggregate(persons=cached.count())
        sizes: dict[int, dict[str, int]] = {n: {} for n in range(len(parsed))}
        for row in counted.to_pyarrow().to_pylist():
            sizes[int(row["by"])][str(row["segment"])] = int(row["persons"])
        found = [_capped(by, sizes[n], top) for n, by in enumerate(parsed)]
        yield SegmentGroups(found, _labelled(cached, found))


def _capped(by: SegmentBy, sizes: dict[str, int], top: int) -> ValueCounts:
    ranked = sorted(sizes, key=lambda value: (-sizes[value], value))
    kept, merged = ranked[:top], ranked[top:]
    if merged and OTHER in kept:
        # a real value named `other` joins the merged ones rather than showing twice
        kept.remove(OTHER)
        merged.append(OTHER)
    # persons without a value (e.g. never identified) go after the named values
    kept.sort(key=lambda value: value == NO_SEGMENT)
    persons = {value: sizes[value] for value in kept}
    if merged:
        persons[OTHER] = sum(sizes[value] for value in merged)
    return ValueCounts(by, persons, merged)


def _labelled(cached: ir.Table, found: list[ValueCounts]) -> ir.Table:
    """Each assignment's group: its value when shown, else `other`, prefixed by the
    segmentation's position."""
    shown = ibis.cases(
        *[
            ((cached.by == n) & cached.segment.isin(list(counts.persons)), cached.segment)
            for n, counts in enumerate(found)
        ],
        else_=ibis.literal(OTHER),
    )
    return cached.select(person=cached.person, group=cached.by.cast("string") + _SEPARATOR + shown)
