"""Rich tables for the `analyze` commands of attribution, retention, stages, KPIs and barriers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rich.markup import escape
from rich.table import Table

from journeymap.analytics.attribution import AttributionResult
from journeymap.analytics.barriers import BarrierReport
from journeymap.analytics.kpi import KPIResult
from journeymap.analytics.retention import Period, RepeatPurchase, retention_matrix
from journeymap.analytics.segments import SegmentComparison
from journeymap.analytics.stage_segments import SegmentedStages
from journeymap.analytics.stages import StageMetrics
from journeymap.cli.output import console
from journeymap.cli.tables import WIDE, print_table

_STATUS_STYLE = {"met": "green", "not met": "red", "error": "red", "no data": "yellow"}


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if abs(value) >= size:
            return f"{value / size:.1f}{unit}"
    return f"{value:.0f}s"


def print_attribution(results: list[AttributionResult], by: str) -> None:
    labels = sorted({c.label for r in results for c in r.credits})
    table = Table(by, title="Credited conversions (value)", title_justify="left")
    for result in results:
        table.add_column(result.model, justify="right")
    for label in labels:
        cells = []
        for result in results:
            credit = next((c for c in result.credits if c.label == label), None)
            cells.append(
                "–" if credit is None else f"{credit.conversions:,.1f} ({credit.value:,.2f})"
            )
        table.add_row(escape(label), *cells)
    first = results[0]
    table.add_row(
        "[bold]total[/bold]",
        *[f"{r.total_conversions:,.1f} ({r.total_value:,.2f})" for r in results],
    )
    print_table(table)
    if first.total_conversions == 0:
        console.print("[yellow]no conversions in the data[/yellow]")


def print_retention(
    cells: list[dict[str, Any]],
    period: Period,
    title: str | None = None,
    through: dt.date | None = None,
) -> None:
    matrix = retention_matrix(cells, period, through)
    sizes = {str(c["cohort"]): int(c["cohort_persons"]) for c in cells if int(c["offset"]) == 0}
    horizon = max((len(v) for v in matrix.values()), default=1)
    table = Table(
        "cohort", "persons", title=title or f"Retention by {period}", title_justify="left"
    )
    for offset in range(horizon):
        table.add_column(str(offset), justify="right")
    for cohort, shares in matrix.items():
        table.add_row(
            cohort, f"{sizes.get(cohort, 0):,}", *["" if s is None else share(s) for s in shares]
        )
    if through is not None and any(s is None for row in matrix.values() for s in row):
        table.caption = f"empty: the {period} starts after the data ends ({through.isoformat()})"
        table.caption_justify = "left"
    print_table(table)


def print_repeat(result: RepeatPurchase) -> None:
    console.print(
        f"customers {result.customers:,} · repeat customers {result.repeat_customers:,} "
        f"({share(result.repeat_rate)}) · purchases {result.purchases:,} "
        f"(counted by {result.counted_by})"
    )
    console.print(
        f"time between purchases: median {seconds(result.median_seconds_between)}, "
        f"p90 {seconds(result.p90_seconds_between)}"
    )
    table = Table("purchases", "customers", title="Purchases per customer", title_justify="left")
    for count, customers in result.purchases_per_customer.items():
        table.add_row(str(count), f"{customers:,}")
    print_table(table)


def print_stages(
    metrics: StageMetrics, title: str = "Stages", touchpoints: Mapping[str, str] | None = None
) -> None:
    """Stage names as the map writes them (and touchpoint names when `touchpoints` maps ids to
    names); on a terminal narrower than `WIDE` the touchpoints and channels go to a second table,
    so that no number is cut off."""
    names = touchpoints or {}
    wide = not console.is_terminal or console.width >= WIDE
    numbers = ["persons", "to next", "drop-off", "median time", "p90 time", "re-entries"]
    if not wide:  # headers on two lines leave the stage names room
        numbers = ["persons", "to\nnext", "drop-off", "median\ntime", "p90\ntime", "re-\nentries"]
    table = Table(title=title, title_justify="left")
    table.add_column("stage")
    for column in numbers:
        table.add_column(column, justify="right", no_wrap=True)
    used = Table(title=f"{title}: touchpoints and channels (persons)", title_justify="left")
    if not wide:
        used.add_column("stage")
    for target in (table if wide else used,):
        target.add_column("touchpoints")
        target.add_column("channels")
    for row in metrics.stages:
        counts = [
            escape(", ".join(f"{names.get(k, k)} {v:,}" for k, v in row.touchpoints.items())),
            escape(", ".join(f"{k} {v:,}" for k, v in row.channels.items())),
        ]
        cells = [
            f"{row.persons:,}",
            share(row.conversion_to_next),
            "–" if row.drop_off is None else f"{row.drop_off:,} ({share(row.drop_off_share)})",
            seconds(row.median_seconds),
            seconds(row.p90_seconds),
            f"{row.re_entries:,}",
        ]
        stage = escape(row.name or row.stage)
        if wide:
            table.add_row(stage, *cells, *counts)
        else:
            table.add_row(stage, *cells)
            used.add_row(stage, *counts)
    print_table(table)
    if not wide:
        print_table(used)
    console.print(
        f"overall: {metrics.persons_reaching_last:,} of {metrics.persons_first_stage:,} persons "
        f"from the first to the last stage ({share(metrics.overall_conversion)})"
    )


def print_segmented_stages(
    result: SegmentedStages, touchpoints: Mapping[str, str] | None = None
) -> None:
    stage_names: dict[str, str] = {}
    for name, metrics in result.metrics.items():
        stage_names |= {row.stage: row.name or row.stage for row in metrics.stages}
        print_stages(metrics, f"Stages · {result.segmented_by} = {name}", touchpoints)
    table = Table(
        "transition", "segment", "drop-off", "other segments", "p", "q",
        title="Drop-off by segment (two-proportion z-test, BH)", title_justify="left",
    )  # fmt: skip
    for test in result.tests:
        step = f"{stage_names.get(test.stage, test.stage)} → "
        step += stage_names.get(test.next_stage or "", test.next_stage or "")
        table.add_row(
            escape(step),
            escape(str(test.segment)),
            f"{test.count:,}/{test.base:,} ({share(test.share)})",
            share(test.baseline),
            f"{test.p_value:.3g}",
            f"{test.q_value:.3g}",
        )
    print_table(table)


def print_segments(result: SegmentComparison) -> None:
    table = Table(
        result.segmented_by, "persons", "converted", "conversion", "rest", "q conv.",
        "median time", "q time", title="Segments (one vs rest; z-test, Mann-Whitney U, BH)",
        title_justify="left",
    )  # fmt: skip
    for row in result.rows:
        mark_c = " *" if row.significant_conversion else ""
        mark_d = " *" if row.significant_duration else ""
        table.add_row(
            escape(row.segment),
            f"{row.persons:,}",
            f"{row.converted:,}",
            share(row.conversion) + mark_c,
            share(row.conversion_rest),
            f"{row.q_conversion:.3g}",
            seconds(row.median_seconds) + mark_d,
            f"{row.q_duration:.3g}",
        )
    print_table(table)
    console.print(f"[dim]* significant at q < {result.alpha}[/dim]")


def print_kpis(results: list[KPIResult]) -> None:
    table = Table("stage", "kpi", "measure", "value", "target", "status", title="KPIs",
                  title_justify="left")  # fmt: skip
    for r in results:
        value = "–" if r.value is None else f"{r.value:,.4g}{r.unit or ''}"
        target = (
            "–"
            if r.target is None
            else f"{'≥' if r.direction == 'increase' else '≤'} {r.target:,.4g}"
        )
        style = _STATUS_STYLE.get(r.status, "dim")
        table.add_row(
            escape(r.stage), escape(r.name), escape(r.measure or "–"), value, target,
            f"[{style}]{escape(r.status)}[/{style}]",
        )  # fmt: skip
    print_table(table)
    for r in results:
        if r.message:
            console.print(f"[red]error:[/red] {escape(r.message)}")


def print_barriers(report: BarrierReport, limit: int) -> None:
    table = Table(
        "kind", "where", "affected", "share (95% CI)", "elsewhere", "effect", "q", "excess",
        title="Barrier findings (ranked by excess persons)", title_justify="left",
    )  # fmt: skip
    for f in report.findings[:limit]:
        where = f.stage + (f" → {f.next_stage}" if f.next_stage else "")
        where += f" @{f.touchpoint}" if f.touchpoint else ""
        where += f" [{f.segment}]" if f.segment else ""
        table.add_row(
            f.kind, escape(where), f"{f.count:,}/{f.base:,}",
            f"{share(f.share)} ({share(f.ci_low)}–{share(f.ci_high)})", share(f.baseline),
            f"{f.effect:+.1%}", f"{f.q_value:.3g}", f"{f.excess_persons:,.0f}",
        )  # fmt: skip
    print_table(table)
    if not report.barriers:
        console.print("no significant barriers suggested")
        return
    console.print(f"[bold]{len(report.barriers)} suggested barrier(s)[/bold]")
    for stage, barrier in report.barriers:
        console.print(f"- [{barrier.severity}] {escape(stage)}: {escape(barrier.text)}")
