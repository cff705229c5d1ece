"""What every analysis of the workbench gives the page: a table (columns and rows), the bars
of its chart, and the same table as CSV and as JSON."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from journeymap.analytics.sequences import END, START
from journeymap.i18n import format_duration, format_number, format_percent, pgettext

if TYPE_CHECKING:
    from journeymap.report.flows import Flows
    from journeymap.report.sankey_svg import SankeyLayout
    from journeymap.web.transition_graph import TransitionGraph

CellKind = Literal["text", "number", "percent", "seconds"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: CellKind = "text"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str


@dataclass
class AnalysisResult:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    bars: list[Bar] = field(default_factory=list)
    flows: Flows | None = None
    """Paths as the report's flows; the page draws them with the report's Sankey layout."""
    sankey: SankeyLayout | None = None
    heat: bool = False
    """Shade number cells by value (the retention triangle)."""
    graph: bool = False
    """Draw the rows (transitions) as a node-edge graph (`transition_graph`)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": self.rows,
        }

    def csv_text(self) -> str:
        """The table as CSV: what the table shows (the column labels as header, the map's names,
        the start and end of the cases as "Start" and "End" in the visitor's language) with raw
        numbers (no locale formatting). The JSON twin keeps the analyses' ids instead."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.label for c in self.columns])
        for row in self.rows:
            writer.writerow(
                ["" if row.get(c.key) is None else shown(row[c.key]) for c in self.columns]
            )
        return out.getvalue()

    def graph_layout(self) -> TransitionGraph | None:
        """The transitions graph of the rows, with the names the page shows."""
        from journeymap.web.transition_graph import layout_transitions

        return layout_transitions(self.rows) if self.graph and self.rows else None

    def display_rows(self) -> list[list[Cell]]:
        return [[cell(row.get(c.key), c.kind) for c in self.columns] for row in self.rows]


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    heat: int = 0
    """0..5 for a share (the triangle's shading), 0 otherwise."""


def shown(value: Any) -> Any:
    """`value` as the table and the CSV show it: the synthetic start and end nodes of the
    transitions (`__start__`/`__end__`, `analytics.sequences`) as "Start" and "End"."""
    if value == START:
        return pgettext("journey node", "Start")
    if value == END:
        return pgettext("journey node", "End")
    return value


def cell(value: Any, kind: CellKind) -> Cell:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Cell("—", kind != "text")
    if kind == "number":
        return Cell(format_number(float(value), decimals=None if float(value) % 1 else 0), True)
    if kind == "percent":
        share = float(value)
        return Cell(format_percent(share, decimals=1), True, min(5, max(0, round(share * 5))))
    if kind == "seconds":
        return Cell(format_duration(float(value)), True)
    return Cell(str(shown(value)), False)


def bars_of(rows: list[dict[str, Any]], label: str, value: str, kind: CellKind) -> list[Bar]:
    """The chart of a table: one bar per row, sized by `value`."""
    return [
        Bar(str(row[label]), float(row[value] or 0), cell(row[value], kind).text)
        for row in rows
        if row.get(value) is not None
    ]
