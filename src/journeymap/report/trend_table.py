"""The "KPI trends across report runs" table: a row per KPI (its name), a column per run (its
date and time), values formatted as the KPI's own figures (`54.9%`, `2 days`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from journeymap.i18n import format_date
from journeymap.report.formatting import kpi_value


@dataclass(frozen=True)
class TrendRow:
    kpi: str
    name: str
    cells: tuple[str, ...]
    """One per run of `TrendTable.runs`; "–" when the KPI had no value in that run."""


@dataclass(frozen=True)
class TrendTable:
    runs: tuple[str, ...]
    """Each run's `at` timestamp, oldest first."""
    run_labels: tuple[str, ...]
    rows: tuple[TrendRow, ...]


def run_label(at: str, lang: str) -> str:
    """`07.12.2026 10:15` in Russian, `2026-12-07 10:15` in English (UTC, as the runs store)."""
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        return at
    return f"{format_date(moment.date(), language=lang)} {moment:%H:%M}"


def trend_table(
    trends: dict[str, list[dict[str, Any]]], names: dict[str, str], lang: str
) -> TrendTable:
    """`trends` as `load_trends` reads them; `names` are the KPI names of the current run."""
    runs = sorted({str(p["at"]) for points in trends.values() for p in points if p.get("at")})
    rows = []
    for kpi, points in trends.items():
        by_run = {str(p.get("at")): p for p in points}
        latest = points[-1] if points else {}
        cells = []
        for run in runs:
            point = by_run.get(run)
            if point is None:
                cells.append("–")
                continue
            cells.append(
                kpi_value(
                    point.get("value"),
                    point.get("unit"),
                    point.get("measure"),
                    point.get("target"),
                    lang,
                )
            )
        name = names.get(kpi) or latest.get("name") or kpi
        rows.append(TrendRow(kpi, str(name), tuple(cells)))
    return TrendTable(tuple(runs), tuple(run_label(r, lang) for r in runs), tuple(rows))
