"""Rich tables for `journeymap diff` of two KPI snapshots."""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.table import Table

from journeymap.cli.output import console
from journeymap.report.diff_snapshots import KPIChange, NumberChange, SnapshotDiff
from journeymap.report.formatting import format_duration, format_percent, is_share, kpi_value

_VERDICT_STYLE = {"better": "[green]better[/green]", "worse": "[red]worse[/red]", "same": "same"}
_MET = {True: "yes", False: "no", None: "–"}


def print_snapshot_diff(diff: SnapshotDiff) -> None:
    console.print(
        f"{diff.old.label} ({diff.old.at or '?'}) -> {diff.new.label} ({diff.new.at or '?'})",
        markup=False,
    )
    console.print(_kpi_table(diff))
    if diff.stages:
        console.print(_stage_table(diff))


def _kpi_table(diff: SnapshotDiff) -> Table:
    table = Table(title="KPIs", box=box.SIMPLE_HEAD)
    table.add_column("KPI")
    for header in ("old", "new", "change", "relative", "target", "met", "verdict"):
        table.add_column(header, no_wrap=True)
    for kpi in diff.kpis:
        table.add_row(*_kpi_row(kpi))
    return table


def _kpi_row(kpi: KPIChange) -> list[str]:
    number = kpi.number

    def show(value: float | None) -> str:
        return kpi_value(value, kpi.unit, kpi.measure, kpi.target)

    share = is_share(kpi.unit, number.new, kpi.target)
    return [
        kpi.name or kpi.kpi,
        show(number.old),
        show(number.new),
        _signed_share(number.change) if share else _signed(number.change, show),
        _relative(number),
        show(kpi.target),
        f"{_MET[kpi.met_before]} -> {_MET[kpi.met_after]}",
        _verdict(number),
    ]


def _stage_table(diff: SnapshotDiff) -> Table:
    table = Table(title="Stages", box=box.SIMPLE_HEAD)
    for header in ("stage", "reached", "conversion to next", "median time in stage"):
        table.add_column(header)
    for stage in diff.stages:
        reach = stage.numbers["persons"]
        conversion = stage.numbers["conversion_to_next"]
        time = stage.numbers["median_seconds"]
        table.add_row(
            stage.name or stage.stage,
            _cell(reach, _count(reach.old), _count(reach.new), _signed(reach.change, _count)),
            _cell(
                conversion,
                format_percent(conversion.old),
                format_percent(conversion.new),
                _signed_share(conversion.change),
            ),
            _cell(
                time,
                format_duration(time.old),
                format_duration(time.new),
                _signed(time.change, format_duration),
            ),
        )
    return table


def _cell(number: NumberChange, old: str, new: str, change: str) -> str:
    if number.change is None or number.change == 0:
        return old if old == new else f"{old} -> {new}"
    return f"{old} -> {new} ({change}, {_verdict(number)})"


def _count(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _signed(value: float | None, show: Callable[[float | None], str]) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else "-" if value < 0 else "±"
    return f"{sign}{show(abs(value))}"


def _signed_share(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:+.1f} pp"


def _relative(number: NumberChange) -> str:
    return "–" if number.relative is None else f"{number.relative:+.1%}"


def _verdict(number: NumberChange) -> str:
    return _VERDICT_STYLE.get(number.verdict or "", "–")
