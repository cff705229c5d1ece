"""Rich tables for `journeymap diff` of two KPI snapshots."""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.table import Table

from journeymap.cli.output import console
from journeymap.i18n import N_, format_number, get_language
from journeymap.i18n import format_percent as percent
from journeymap.i18n import gettext as _
from journeymap.report.diff_snapshots import KPIChange, NumberChange, SnapshotDiff
from journeymap.report.formatting import format_duration, is_share, kpi_value

_VERDICTS = {"better": N_("better"), "worse": N_("worse"), "same": N_("same")}
_VERDICT_COLOURS = {"better": "green", "worse": "red"}
_MET = {True: N_("yes"), False: N_("no")}


def print_snapshot_diff(diff: SnapshotDiff) -> None:
    console.print(
        f"{diff.old.label} ({diff.old.at or '?'}) -> {diff.new.label} ({diff.new.at or '?'})",
        markup=False,
    )
    console.print(_kpi_table(diff))
    if diff.stages:
        console.print(_stage_table(diff))


def _kpi_table(diff: SnapshotDiff) -> Table:
    table = Table(title=_("KPIs"), box=box.SIMPLE_HEAD)
    table.add_column(_("KPI"))
    for header in (
        N_("old"),
        N_("new"),
        N_("change"),
        N_("relative"),
        N_("target"),
        N_("met"),
        N_("verdict"),
    ):
        table.add_column(_(header), no_wrap=True)
    for kpi in diff.kpis:
        table.add_row(*_kpi_row(kpi))
    return table


def _kpi_row(kpi: KPIChange) -> list[str]:
    number = kpi.number

    def show(value: float | None) -> str:
        return kpi_value(value, kpi.unit, kpi.measure, kpi.target, lang=get_language())

    share = is_share(kpi.unit, number.new, kpi.target)
    return [
        kpi.name or kpi.kpi,
        show(number.old),
        show(number.new),
        _signed_share(number.change) if share else _signed(number.change, show),
        _relative(number),
        show(kpi.target),
        f"{_met(kpi.met_before)} -> {_met(kpi.met_after)}",
        _verdict(number),
    ]


def _stage_table(diff: SnapshotDiff) -> Table:
    lang = get_language()

    def duration(seconds: float | None) -> str:
        return format_duration(seconds, lang)

    table = Table(title=_("Stages"), box=box.SIMPLE_HEAD)
    for header in (
        N_("stage"),
        N_("reached"),
        N_("conversion to next"),
        N_("median time in stage"),
    ):
        table.add_column(_(header))
    for stage in diff.stages:
        reach = stage.numbers["persons"]
        conversion = stage.numbers["conversion_to_next"]
        time = stage.numbers["median_seconds"]
        table.add_row(
            stage.name or stage.stage,
            _cell(reach, _count(reach.old), _count(reach.new), _signed(reach.change, _count)),
            _cell(
                conversion,
                _share(conversion.old),
                _share(conversion.new),
                _signed_share(conversion.change),
            ),
            _cell(
                time,
                duration(time.old),
                duration(time.new),
                _signed(time.change, duration),
            ),
        )
    return table


def _cell(number: NumberChange, old: str, new: str, change: str) -> str:
    if number.change is None or number.change == 0:
        return old if old == new else f"{old} -> {new}"
    return f"{old} -> {new} ({change}, {_verdict(number)})"


def _share(value: float | None) -> str:
    return "–" if value is None else percent(value, decimals=1)


def _count(value: float | None) -> str:
    return "–" if value is None else format_number(value, decimals=0)


def _signed(value: float | None, show: Callable[[float | None], str]) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else "-" if value < 0 else "±"
    return f"{sign}{show(abs(value))}"


def _signed_share(value: float | None) -> str:
    if value is None:
        return "–"
    points = format_number(abs(value * 100), decimals=1)
    return _("{points} pp", points=("-" if value < 0 else "+") + points)


def _relative(number: NumberChange) -> str:
    if number.relative is None:
        return "–"
    sign = "-" if number.relative < 0 else "+"
    return sign + percent(abs(number.relative), decimals=1)


def _verdict(number: NumberChange) -> str:
    word = _VERDICTS.get(number.verdict or "")
    if word is None:
        return "–"
    colour = _VERDICT_COLOURS.get(number.verdict or "")
    return f"[{colour}]{_(word)}[/{colour}]" if colour else _(word)


def _met(met: bool | None) -> str:
    return "–" if met is None else _(_MET[met])
