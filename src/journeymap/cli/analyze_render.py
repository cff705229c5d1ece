"""Rich tables for the `analyze` commands of attribution, retention, stages, KPIs and barriers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
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
from journeymap.cli.number_text import signed_percent, significant
from journeymap.cli.output import console, error_line
from journeymap.cli.tables import WIDE, print_table
from journeymap.i18n import N_, format_number, format_percent, ngettext, pgettext
from journeymap.i18n import gettext as _

_STATUS_STYLE = {"met": "green", "not met": "red", "error": "red", "no data": "yellow"}


# Compact units for table cells (the same ids as analyze_cmd): 2.5d / 2,5 д.
_UNITS = ((N_("{value}d"), 86400), (N_("{value}h"), 3600), (N_("{value}m"), 60))


def _credit(conversions: float, value: float) -> str:
    """Credited conversions with their value: `12.5 (3,400.00)`."""
    return f"{format_number(conversions, decimals=1)} ({format_number(value, decimals=2)})"


def share(value: float | None) -> str:
    return "–" if value is None else format_percent(value, decimals=1)


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    for unit, size in _UNITS:
        if abs(value) >= size:
            return _(unit, value=format_number(value / size, decimals=1))
    return _("{value}s", value=format_number(value, decimals=0))


def status_text(status: str) -> str:
    """A KPI status in the current language (JSON keeps the English value)."""
    texts = {
        "met": pgettext("kpi status", "met"),
        "not met": pgettext("kpi status", "not met"),
        "error": pgettext("kpi status", "error"),
        "no data": pgettext("kpi status", "no data"),
    }
    return texts.get(status, status)


def _headers(table: Table, names: tuple[str, ...], right_from: int = 1) -> None:
    for index, name in enumerate(names):
        table.add_column(_(name), justify="left" if index < right_from else "right")


def print_attribution(results: list[AttributionResult], by: str) -> None:
    labels = sorted({c.label for r in results for c in r.credits})
    table = Table(by, title=_("Credited conversions (value)"), title_justify="left")
    for result in results:
        table.add_column(result.model, justify="right")
    for label in labels:
        cells = []
        for result in results:
            credit = next((c for c in result.credits if c.label == label), None)
            cells.append("–" if credit is None else _credit(credit.conversions, credit.value))
        table.add_row(escape(label), *cells)
    first = results[0]
    table.add_row(
        "[bold]" + escape(_("total")) + "[/bold]",
        *[_credit(r.total_conversions, r.total_value) for r in results],
    )
    print_table(table)
    if first.total_conversions == 0:
        console.print("[yellow]" + escape(_("no conversions in the data")) + "[/yellow]")


_PERIODS = {"day": N_("day"), "week": N_("week"), "month": N_("month")}


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
        _("cohort"),
        _("persons"),
        title=title or _("Retention by {period}", period=_(_PERIODS[period])),
        title_justify="left",
    )
    for offset in range(horizon):
        table.add_column(str(offset), justify="right")
    for cohort, shares in matrix.items():
        table.add_row(
            cohort,
            format_number(sizes.get(cohort, 0)),
            *["" if s is None else share(s) for s in shares],
        )
    if through is not None and any(s is None for row in matrix.values() for s in row):
        table.caption = _(
            "empty: the {period} starts after the data ends ({date})",
            period=_(_PERIODS[period]),
            date=through.isoformat(),
        )
        table.caption_justify = "left"
    print_table(table)


def print_repeat(result: RepeatPurchase) -> None:
    console.print(
        _(
            "customers {customers} · repeat customers {repeat} ({rate}) · purchases {purchases} "
            "(counted by {counted_by})",
            customers=format_number(result.customers),
            repeat=format_number(result.repeat_customers),
            rate=share(result.repeat_rate),
            purchases=format_number(result.purchases),
            counted_by=result.counted_by,
        )
    )
    console.print(
        _(
            "time between purchases: median {median}, p90 {p90}",
            median=seconds(result.median_seconds_between),
            p90=seconds(result.p90_seconds_between),
        )
    )
    table = Table(
        _("purchases"), _("customers"), title=_("Purchases per customer"), title_justify="left"
    )
    for count, customers in result.purchases_per_customer.items():
        table.add_row(str(count), format_number(customers))
    print_table(table)


_STAGE_NUMBERS = (
    N_("persons"),
    N_("to next"),
    N_("drop-off"),
    N_("median time"),
    N_("p90 time"),
    N_("re-entries"),
)


def print_stages(
    metrics: StageMetrics, title: str | None = None, touchpoints: Mapping[str, str] | None = None
) -> None:
    """Stage names as the map writes them (and touchpoint names when `touchpoints` maps ids to
    names); on a terminal narrower than `WIDE` the touchpoints and channels go to a second table,
    so that no number is cut off."""
    names = touchpoints or {}
    wide = not console.is_terminal or console.width >= WIDE
    title = title or _("Stages")
    numbers = [_(n) for n in _STAGE_NUMBERS]
    if not wide:  # headers on two lines leave the stage names room (at their first space)
        numbers = [n.replace(" ", "\n", 1).replace("re-", "re-\n", 1) for n in numbers]
    table = Table(title=title, title_justify="left")
    table.add_column(_("stage"))
    for column in numbers:
        table.add_column(column, justify="right", no_wrap=True)
    used = Table(
        title=_("{title}: touchpoints and channels (persons)", title=title), title_justify="left"
    )
    if not wide:
        used.add_column(_("stage"))
    for target in (table if wide else used,):
        target.add_column(_("touchpoints"))
        target.add_column(_("channels"))
    for row in metrics.stages:
        counts = [
            escape(
                ", ".join(
                    f"{names.get(k, k)} {format_number(v)}" for k, v in row.touchpoints.items()
                )
            ),
            escape(", ".join(f"{k} {format_number(v)}" for k, v in row.channels.items())),
        ]
        cells = [
            format_number(row.persons),
            share(row.conversion_to_next),
            "–"
            if row.drop_off is None
            else f"{format_number(row.drop_off)} ({share(row.drop_off_share)})",
            seconds(row.median_seconds),
            seconds(row.p90_seconds),
            format_number(row.re_entries),
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
        _(
            "overall: {reached} of {started} persons from the first to the last stage ({share})",
            reached=format_number(metrics.persons_reaching_last),
            started=format_number(metrics.persons_first_stage),
            share=share(metrics.overall_conversion),
        )
    )


def print_segmented_stages(
    result: SegmentedStages, touchpoints: Mapping[str, str] | None = None
) -> None:
    stage_names: dict[str, str] = {}
    for name, metrics in result.metrics.items():
        stage_names |= {row.stage: row.name or row.stage for row in metrics.stages}
        title = _("Stages · {segment} = {value}", segment=result.segmented_by, value=name)
        print_stages(metrics, title, touchpoints)
    table = Table(title=_("Drop-off by segment (two-proportion z-test, BH)"), title_justify="left")
    _headers(
        table,
        (N_("transition"), N_("segment"), N_("drop-off"), N_("other segments"), "p", "q"),
        right_from=2,
    )
    for test in result.tests:
        step = f"{stage_names.get(test.stage, test.stage)} → "
        step += stage_names.get(test.next_stage or "", test.next_stage or "")
        table.add_row(
            escape(step),
            escape(str(test.segment)),
            f"{format_number(test.count)}/{format_number(test.base)} ({share(test.share)})",
            share(test.baseline),
            significant(test.p_value),
            significant(test.q_value),
        )
    print_table(table)


def print_segments(result: SegmentComparison) -> None:
    table = Table(
        title=_("Segments (one vs rest; z-test, Mann-Whitney U, BH)"), title_justify="left"
    )
    table.add_column(result.segmented_by)
    _headers(
        table,
        (
            N_("persons"),
            N_("converted"),
            N_("conversion"),
            N_("rest"),
            N_("q conv."),
            N_("median time"),
            N_("q time"),
        ),
        right_from=0,
    )
    for row in result.rows:
        mark_c = " *" if row.significant_conversion else ""
        mark_d = " *" if row.significant_duration else ""
        table.add_row(
            escape(row.segment),
            format_number(row.persons),
            format_number(row.converted),
            share(row.conversion) + mark_c,
            share(row.conversion_rest),
            f"{row.q_conversion:.3g}",
            seconds(row.median_seconds) + mark_d,
            f"{row.q_duration:.3g}",
        )
    print_table(table)
    significant = _("* significant at q < {alpha}", alpha=result.alpha)
    console.print(f"[dim]{escape(significant)}[/dim]")


def print_kpis(results: list[KPIResult]) -> None:
    table = Table(title=_("KPIs"), title_justify="left")
    _headers(
        table,
        (N_("stage"), N_("kpi"), N_("measure"), N_("value"), N_("target"), N_("status")),
        right_from=6,
    )
    for r in results:
        value = "–" if r.value is None else f"{r.value:,.4g}{r.unit or ''}"
        if r.ci_low is not None and r.ci_high is not None:  # effect(...): the lift's interval
            value += " " + _(
                "(95% CI {low} … {high})", low=f"{r.ci_low:,.3g}", high=f"{r.ci_high:,.3g}"
            )
        target = (
            "–"
            if r.target is None
            else f"{'≥' if r.direction == 'increase' else '≤'} {r.target:,.4g}"
        )
        style = _STATUS_STYLE.get(r.status, "dim")
        table.add_row(
            escape(r.stage), escape(r.name), escape(r.measure or "–"), value, target,
            f"[{style}]{escape(status_text(r.status))}[/{style}]",
        )  # fmt: skip
    print_table(table)
    for r in results:
        if r.message:
            console.print(error_line(r.message))
    _print_kpi_segments(results)


def _print_kpi_segments(results: list[KPIResult]) -> None:
    """The per-segment lifts of `effect(..., by=SPEC)` KPIs, one table each."""
    from journeymap.cli.effect_segments_render import print_segment_lifts

    for r in results:
        if r.segments:
            title = _("{kpi}: lift per segment ({measure})", kpi=r.name, measure=r.measure or "")
            print_segment_lifts(title, r.segments, partial(_signed_in_unit, unit=r.unit or ""))


def _signed_in_unit(value: float, unit: str) -> str:
    return f"{value:+,.3g}{unit}"


def print_barriers(report: BarrierReport, limit: int) -> None:
    table = Table(title=_("Barrier findings (ranked by excess persons)"), title_justify="left")
    _headers(
        table,
        (
            N_("kind"),
            N_("where"),
            N_("affected"),
            N_("share (95% CI)"),
            N_("elsewhere"),
            N_("effect"),
            "q",
            N_("excess"),
        ),
        right_from=2,
    )
    for f in report.findings[:limit]:
        where = f.stage + (f" → {f.next_stage}" if f.next_stage else "")
        where += f" @{f.touchpoint}" if f.touchpoint else ""
        where += f" [{f.segment}]" if f.segment else ""
        table.add_row(
            f.kind, escape(where), f"{format_number(f.count)}/{format_number(f.base)}",
            f"{share(f.share)} ({share(f.ci_low)}–{share(f.ci_high)})", share(f.baseline),
            signed_percent(f.effect), significant(f.q_value),
            format_number(f.excess_persons, decimals=0),
        )  # fmt: skip
    print_table(table)
    if not report.barriers:
        console.print(_("no significant barriers suggested"))
        return
    count = ngettext(
        "{count} suggested barrier", "{count} suggested barriers", len(report.barriers)
    )
    console.print(f"[bold]{escape(count)}[/bold]")
    for stage, barrier in report.barriers:
        console.print(f"- [{barrier.severity}] {escape(stage)}: {escape(barrier.text)}")
