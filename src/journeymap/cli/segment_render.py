"""Rich tables for `analyze ... --segment`: each analysis side by side, then the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.markup import escape
from rich.table import Table

from journeymap.analytics.segment_tests import PROPORTION, SegmentedResult, SegmentTest
from journeymap.cli.analyze_render import print_retention, seconds, share, status_text
from journeymap.cli.number_text import signed_percent, significant
from journeymap.cli.output import console
from journeymap.cli.tables import print_table
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _

_STATUS_STYLE = {"met": "green", "not met": "red", "error": "red", "no data": "yellow"}


def _side_by_side(result: SegmentedResult, first: str, title: str) -> Table:
    # `first` and `title` are message ids (or a segmentation's own name, which passes through)
    table = Table(
        _(first),
        title=_("{title} · by {segment}", title=_(title), segment=result.segmented_by),
        title_justify="left",
    )
    for name in result.segments:
        table.add_column(escape(name), justify="right")
    return table


def print_funnel(result: SegmentedResult) -> None:
    """Steps down, segments across: persons, conversion from previous, median time."""
    table = _side_by_side(result, N_("step"), N_("Funnel (persons · from previous · median time)"))
    first = next(iter(result.segments.values()))
    for j, step in enumerate(first["steps"]):
        cells = []
        for data in result.segments.values():
            row = data["steps"][j]
            cells.append(
                f"{format_number(row['persons'])} · {share(row['conversion_from_previous'])} · "
                f"{seconds(row['median_seconds_from_previous'])}"
            )
        table.add_row(escape(f"{j + 1}. {step['name']}"), *cells)
    print_table(table)
    print_tests(result)


def print_transitions(result: SegmentedResult, top: int) -> None:
    """The `top` edges with most persons overall; per segment its persons on the edge (share)."""
    table = _side_by_side(result, N_("edge"), N_("Transitions (persons · share of segment)"))
    persons = [format_number(d["persons"]) for d in result.segments.values()]
    table.add_row("[dim]" + escape(_("persons")) + "[/dim]", *persons)
    reach: dict[tuple[str, str], dict[str, int]] = {}
    for name, data in result.segments.items():
        for edge in data["edges"]:
            reach.setdefault((edge["source"], edge["target"]), {})[name] = int(edge["persons"])
    ranked = sorted(reach.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    for (source, target), counts in ranked[:top]:
        cells = []
        for name, data in result.segments.items():
            count = counts.get(name, 0)
            cells.append(
                f"{format_number(count)} · "
                f"{share(count / data['persons'] if data['persons'] else None)}"
            )
        table.add_row(escape(f"{source} → {target}"), *cells)
    print_table(table)
    print_tests(result, limit=top)


def print_paths(result: SegmentedResult) -> None:
    """Each segment's top variants, as cases and share of the segment's cases."""
    table = _side_by_side(result, N_("path"), N_("Top paths (cases · share)"))
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for name, data in result.segments.items():
        for variant in data["variants"]:
            found.setdefault(variant["variant"], {})[name] = variant
    ranked = sorted(
        found.items(),
        key=lambda kv: (kv[0] == "(other)", -sum(v["cases"] for v in kv[1].values()), kv[0]),
    )
    for label, per_segment in ranked:
        cells = [
            "–" if name not in per_segment else _variant_cell(per_segment[name])
            for name in result.segments
        ]
        table.add_row(escape(label), *cells)
    print_table(table)
    print_tests(result)


_PERIODS = {"day": N_("day"), "week": N_("week"), "month": N_("month")}


def _variant_cell(variant: dict[str, Any]) -> str:
    return f"{format_number(variant['cases'])} · {share(variant['share'])}"


def print_retention_triangles(result: SegmentedResult, through: dt.date | None = None) -> None:
    for name, data in result.segments.items():
        period = data["period"]
        print_retention(
            data["cells"],
            period,
            title=_(
                "Retention by {period} · {segment} = {value}",
                period=_(_PERIODS.get(period, period)),
                segment=result.segmented_by,
                value=name,
            ),
            through=through,
        )
    _notes(result)


def print_repeat(result: SegmentedResult) -> None:
    table = Table(title=_("Repeat purchase by segment"), title_justify="left")
    table.add_column(result.segmented_by)
    for column in (
        N_("customers"),
        N_("repeat"),
        N_("rate"),
        N_("median between"),
        N_("p90 between"),
    ):
        table.add_column(_(column))
    for name, data in result.segments.items():
        table.add_row(
            escape(name),
            format_number(data["customers"]),
            format_number(data["repeat_customers"]),
            share(data["repeat_rate"]),
            seconds(data["median_seconds_between"]),
            seconds(data["p90_seconds_between"]),
        )
    print_table(table)
    print_tests(result)


def print_kpis(result: SegmentedResult) -> None:
    """KPIs down, segments across: value and status (target in the second column)."""
    table = _side_by_side(result, N_("kpi"), N_("KPIs (value · status)"))
    table.add_column(_("target"), justify="right")
    first = next(iter(result.segments.values()))
    for k, kpi in enumerate(first["kpis"]):
        cells = [_kpi_cell(data["kpis"][k]) for data in result.segments.values()]
        target = kpi["target"]
        sign = "≥" if kpi["direction"] == "increase" else "≤"
        cells.append("–" if target is None else f"{sign} {target:,.4g}")
        table.add_row(escape(f"{kpi['stage']} / {kpi['name']}"), *cells)
    print_table(table)
    _why_no_data(result)
    print_tests(result)


def _why_no_data(result: SegmentedResult) -> None:
    """Why a KPI has no value in a segment (a chain's effect there, costs), each reason once."""
    shown: set[tuple[str, str]] = set()
    for data in result.segments.values():
        for kpi in data["kpis"]:
            reason = kpi.get("message")
            if kpi["status"] != "no data" or not reason or (kpi["kpi"], reason) in shown:
                continue
            shown.add((kpi["kpi"], reason))
            console.print(escape(f"{kpi['stage']} / {kpi['name']}: {reason}"), style="dim")


def _kpi_cell(kpi: dict[str, Any]) -> str:
    value = "–" if kpi["value"] is None else f"{kpi['value']:,.4g}{kpi['unit'] or ''}"
    style = _STATUS_STYLE.get(kpi["status"], "dim")
    return f"{escape(value)} · [{style}]{escape(status_text(kpi['status']))}[/{style}]"


def print_attribution(result: SegmentedResult) -> None:
    """Per model: labels down, segments across, credited conversions (values are in --json)."""
    first = next(iter(result.segments.values()))
    for m, model in enumerate(first["models"]):
        title = _("Credited conversions, {model}", model=model["model"])
        table = _side_by_side(result, first["by"], title)
        credits = {
            name: {c["label"]: c["conversions"] for c in data["models"][m]["credits"]}
            for name, data in result.segments.items()
        }
        for label in sorted({label for found in credits.values() for label in found}):
            cells = [
                "–" if label not in found else format_number(found[label], decimals=1)
                for found in credits.values()
            ]
            table.add_row(escape(label), *cells)
        totals = [
            format_number(d["models"][m]["total_conversions"], decimals=1)
            for d in result.segments.values()
        ]
        table.add_row("[bold]" + escape(_("total")) + "[/bold]", *totals)
        print_table(table)
    _notes(result)


def print_tests(result: SegmentedResult, limit: int = 30) -> None:
    """The tests, most significant first (at most `limit`), each segment against the rest."""
    if not result.tests:
        _notes(result)
        return
    title = _(
        "Each segment against the rest ({count} tests, BH across the table)",
        count=format_number(len(result.tests)),
    )
    table = Table(title=title, title_justify="left")
    for column in (
        N_("item"),
        N_("segment"),
        N_("metric"),
        N_("segment value"),
        N_("rest"),
        N_("effect"),
    ):
        table.add_column(_(column))
    table.add_column("p")
    table.add_column("q")
    ranked = sorted(result.tests, key=lambda t: (t.q_value, t.p_value, t.item, t.segment))
    for test in ranked[:limit]:
        value, rest, effect = _formatted(test)
        mark = " *" if test.significant else ""
        table.add_row(
            escape(test.item), escape(test.segment), test.metric, value, rest, effect,
            significant(test.p_value), significant(test.q_value) + mark,
        )  # fmt: skip
    print_table(table)
    more = len(result.tests) - limit
    line = _("* significant at q < {alpha}", alpha=result.alpha)
    if more > 0:
        line = _("{line}; {count} more tests in --json", line=line, count=more)
    console.print(f"[dim]{escape(line)}[/dim]")
    _notes(result)


def _count(value: int | None) -> str:
    return "–" if value is None else format_number(value)


def _formatted(test: SegmentTest) -> tuple[str, str, str]:
    if test.test == PROPORTION:
        return (
            f"{_count(test.count)}/{format_number(test.n)} ({share(test.value)})",
            f"{_count(test.count_rest)}/{format_number(test.n_rest)} ({share(test.value_rest)})",
            "–" if test.effect is None else signed_percent(test.effect),
        )
    return (
        _("median {value} (n {n})", value=seconds(test.value), n=format_number(test.n)),
        f"n {format_number(test.n_rest)}",
        "–" if test.effect is None else f"P(longer) {format_number(test.effect, decimals=2)}",
    )


def _notes(result: SegmentedResult) -> None:
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/dim]")
