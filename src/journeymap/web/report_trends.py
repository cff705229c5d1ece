"""KPI trends across report runs as small charts: one line per KPI over the runs the report's
trend table lists (`report.trend_table`, from the snapshots `journeymap report` saves and this
view's numbers), drawn as inline SVG with the values as text beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeymap.report.trend_table import trend_table

WIDTH = 160.0
HEIGHT = 40.0
PAD = 4.0


@dataclass(frozen=True)
class TrendChart:
    kpi: str
    name: str
    points: str
    """The SVG polyline's points (`x,y x,y`); one point is drawn as a dot."""
    dots: tuple[tuple[float, float], ...]
    first: str
    """The oldest run's value as the KPI's own figure (`21.0%`)."""
    last: str
    runs: int
    labels: tuple[str, ...]
    """Run label: value, one per run, for the chart's text alternative."""


def trend_charts(
    trends: dict[str, list[dict[str, Any]]], names: dict[str, str], lang: str
) -> list[TrendChart]:
    """A chart per KPI with a value in at least one run, in the trend table's order (the page
    draws those with two runs or more: one point is no trend)."""
    table = trend_table(trends, names, lang)
    position = {run: n for n, run in enumerate(table.runs)}
    span = max(len(table.runs) - 1, 1)
    charts = []
    for row in table.rows:
        series = [
            (position[str(p["at"])], float(p["value"]))
            for p in trends.get(row.kpi, [])
            if p.get("at") is not None and isinstance(p.get("value"), int | float)
        ]
        if not series:
            continue
        low = min(v for _, v in series)
        high = max(v for _, v in series)
        dots = tuple(
            (
                round(PAD + (WIDTH - 2 * PAD) * n / span, 1),
                round(_y(value, low, high), 1),
            )
            for n, value in series
        )
        shown = [cell for cell in row.cells if cell != "–"]
        labels = tuple(
            f"{label}: {cell}"
            for label, cell in zip(table.run_labels, row.cells, strict=True)
            if cell != "–"
        )
        charts.append(
            TrendChart(
                kpi=row.kpi,
                name=row.name,
                points=" ".join(f"{x},{y}" for x, y in dots),
                dots=dots,
                first=shown[0],
                last=shown[-1],
                runs=len(series),
                labels=labels,
            )
        )
    return charts


def _y(value: float, low: float, high: float) -> float:
    """Higher values higher up; a flat series runs through the middle."""
    if high == low:
        return HEIGHT / 2
    return PAD + (HEIGHT - 2 * PAD) * (high - value) / (high - low)
