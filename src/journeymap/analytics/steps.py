"""Step specifications shared by funnels and paths: event names, touchpoints and stages.

A spec is `event:NAME`, `touchpoint:ID`, `stage:ID`, or a plain name. A plain name is looked up
among event names first, then touchpoint ids, then stage ids (the latter two only when the table
is bound, see `bind_events`). A name that exists nowhere raises `UnknownNameError` with the
closest existing names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

import ibis.expr.types as ir

StepKind = Literal["event", "touchpoint", "stage"]
KINDS: tuple[StepKind, ...] = ("event", "touchpoint", "stage")


class UnknownNameError(ValueError):
    """A step, event, touchpoint or stage name that is not in the data."""

    def __init__(self, name: str, kind: str, suggestions: list[str]) -> None:
        self.name = name
        self.kind = kind
        self.suggestions = suggestions
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no {kind} named {name!r} in the events{hint}")


@dataclass(frozen=True)
class Step:
    kind: StepKind
    value: str

    @property
    def label(self) -> str:
        return self.value if self.kind == "event" else f"{self.kind}:{self.value}"

    def matches(self, events: ir.Table) -> ir.BooleanValue:
        """True where an event belongs to this step (never NULL)."""
        result: ir.BooleanValue = (events[self.kind] == self.value).fill_null(False)
        return result


def available_names(events: ir.Table, kind: StepKind) -> list[str]:
    """Distinct non-null values of the `event`, `touchpoint` or `stage` column."""
    if kind not in events.columns:
        return []
    column = events[kind]
    values = events.filter(column.notnull()).select(name=column).distinct()
    return sorted(str(v) for v in values.to_pyarrow().column("name").to_pylist())


def closest(name: str, candidates: list[str], n: int = 3) -> list[str]:
    by_case = {c.lower(): c for c in candidates}
    found = difflib.get_close_matches(name.lower(), list(by_case), n=n, cutoff=0.5)
    return [by_case[f] for f in found]


def resolve_steps(events: ir.Table, specs: list[str]) -> list[Step]:
    """Specs -> steps, checking each name exists in `events` (one query per kind used)."""
    names: dict[StepKind, list[str]] = {}

    def known(kind: StepKind) -> list[str]:
        if kind not in names:
            names[kind] = available_names(events, kind)
        return names[kind]

    steps: list[Step] = []
    for spec in specs:
        prefix, sep, rest = spec.partition(":")
        if sep and prefix in KINDS:
            kind: StepKind = prefix
            if rest not in known(kind):
                raise UnknownNameError(rest, kind, closest(rest, known(kind)))
            steps.append(Step(kind, rest))
            continue
        for kind in KINDS:
            if spec in known(kind):
                steps.append(Step(kind, spec))
                break
        else:
            everything = [n for kind in KINDS for n in known(kind)]
            raise UnknownNameError(spec, "event, touchpoint or stage", closest(spec, everything))
    return steps
