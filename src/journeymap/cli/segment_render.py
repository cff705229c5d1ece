"""Rich tables for `analyze ... --segment`: each analysis side by side, then the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.markup import escape
from rich.table import Table

from journeymap.analytics.segment_tests import PROPORTION, SegmentedResult, SegmentTest
from journeymap.cli.analyze_render import print_retention, seconds, share
from journeymap.cli.output import console
from journeymap.cli.tables import print_table

_STATUS_STYLE = {"met": "green", "not met": "red", "error": "red", "no data": "yellow"}


def _side_by_side(result: SegmentedResult, first: str, title: str) -> Table:
    table = Table(first, title=f"{title} · by {result.segmented_by}", title_justify="left")
    for name in result.segments:
        table.add_column(escape(name), justify="right")
    return table


def print_funnel(result: SegmentedResult) -> None:
    """Steps down, segments across: persons, conversion from previous, median time."""
    table = _side_by_side(result, "step", "Funnel (persons · from previous · median time)")
    first = next(iter(result.segments.values()))
    for j, step in enumerate(first["steps"]):
        cells = []
        for data in result.segments.values():
            row = data["steps"][j]
            cells.append(
                f"{row['persons']:,} · {share(row['conversion_from_previous'])} · "
                f"{seconds(row['median_seconds_from_previous'])}"
            )
        table.add_row(escape(f"{j + 1}. {step['name']}"), *cells)
    print_table(table)
    print_tests(result)


def print_transitions(result: SegmentedResult, top: int) -> None:
    """The `top` edges with most persons overall; per segment its persons on the edge (share)."""
    table = _side_by_side(result, "edge", "Transitions (persons · share of segment)")
    table.add_row("[dim]persons[/dim]", *[f"{d['persons']:,}" for d in result.segments.values()])
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
                f"{count:,} · {share(count / data['persons'] if data['persons'] else None)}"
            )
        table.add_row(escape(f"{source} → {target}"), *cells)
    print_table(table)
    print_tests(result, limit=top)


def print_paths(result: SegmentedResult) -> None:
    """Each segment's top variants, as cases and share of the segment's cases."""
    table = _side_by_side(result, "path", "Top paths (cases · share)")
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
            "–" if name not in per_segment
            else f"{per_segment[name]['cases']:,} · {share(per_segment[name]['share'])}"
            for name in result.segments
        ]  # fmt: skip
        table.add_row(escape(label), *cells)
    print_table(table)
    print_tests(result)


def print_retention_triangles(result: SegmentedResult, through: dt.date | None = None) -> None:
    for name, data in result.segments.items():
        period = data["period"]
        print_retention(
            data["cells"],
            period,
            title=f"Retention by {period} · {result.segmented_by} = {name}",
            through=through,
        )
    _notes(result)


def print_repeat(result: SegmentedResult) -> None:
    table = Table(
        result.segmented_by, "customers", "repeat", "rate", "median between", "p90 between",
        title="Repeat purchase by segment", title_justify="left",
    )  # fmt: skip
    for name, data in result.segments.items():
        table.add_row(
            escape(name),
            f"{data['customers']:,}",
            f"{data['repeat_customers']:,}",
            share(data["repeat_rate"]),
            seconds(data["median_seconds_between"]),
            seconds(data["p90_seconds_between"]),
        )
    print_table(table)
    print_tests(result)


def print_kpis(result: SegmentedResult) -> None:
    """KPIs down, segments across: value and status (target in the second column)."""
    table = _side_by_side(result, "kpi", "KPIs (value · status)")
    table.add_column("target", justify="right")
    first = next(iter(result.segments.values()))
    for k, kpi in enumerate(first["kpis"]):
        cells = [_kpi_cell(data["kpis"][k]) for data in result.segments.values()]
        target = kpi["target"]
        sign = "≥" if kpi["direction"] == "increase" else "≤"
        cells.append("–" if target is None else f"{sign} {target:,.4g}")
        table.add_row(escape(f"{kpi['stage']} / {kpi['name']}"), *cells)
    print_table(table)
    print_tests(result)


def _kpi_cell(kpi: dict[str, Any]) -> str:
    value = "–" if kpi["value"] is None else f"{kpi['value']:,.4g}{kpi['unit'] or ''}"
    style = _STATUS_STYLE.get(kpi["status"], "dim")
    return f"{escape(value)} · [{style}]{escape(kpi['status'])}[/{style}]"


def print_attribution(result: SegmentedResult) -> None:
    """Per model: labels down, segments across, credited conversions (values are in --json)."""
    first = next(iter(result.segments.values()))
    for m, model in enumerate(first["models"]):
        table = _side_by_side(result, first["by"], f"Credited conversions, {model['model']}")
        credits = {
            name: {c["label"]: c["conversions"] for c in data["models"][m]["credits"]}
            for name, data in result.segments.items()
        }
        for label in sorted({label for found in credits.values() for label in found}):
            cells = [
                "–" if label not in found else f"{found[label]:,.1f}" for found in credits.values()
            ]
            table.add_row(escape(label), *cells)
        totals = [f"{d['models'][m]['total_conversions']:,.1f}" for d in result.segments.values()]
        table.add_row("[bold]total[/bold]", *totals)
        print_table(table)
    _notes(result)


def print_tests(result: SegmentedResult, limit: int = 30) -> None:
    """The tests, most significant first (at most `limit`), each segment against the rest."""
    if not result.tests:
        _notes(result)
        return
    table = Table(
        "item", "segment", "metric", "segment value", "rest", "effect", "p", "q",
        title=f"Each segment against the rest ({len(result.tests)} tests, BH across the table)",
        title_justify="left",
    )  # fmt: skip
    ranked = sorted(result.tests, key=lambda t: (t.q_value, t.p_value, t.item, t.segment))
    for test in ranked[:limit]:
        value, rest, effect = _formatted(test)
        mark = " *" if test.significant else ""
        table.add_row(
            escape(test.item), escape(test.segment), test.metric, value, rest, effect,
            f"{test.p_value:.3g}", f"{test.q_value:.3g}{mark}",
        )  # fmt: skip
    print_table(table)
    more = len(result.tests) - limit
    extra = f"; {more} more tests in --json" if more > 0 else ""
    console.print(f"[dim]* significant at q < {result.alpha}{extra}[/dim]")
    _notes(result)


def _formatted(test: SegmentTest) -> tuple[str, str, str]:
    if test.test == PROPORTION:
        return (
            f"{test.count:,}/{test.n:,} ({share(test.value)})",
            f"{test.count_rest:,}/{test.n_rest:,} ({share(test.value_rest)})",
            "–" if test.effect is None else f"{test.effect:+.1%}",
        )
    return (
        f"median {seconds(test.value)} (n {test.n:,})",
        f"n {test.n_rest:,}",
        "–" if test.effect is None else f"P(longer) {test.effect:.2f}",
    )


def _notes(result: SegmentedResult) -> None:
    for note in result.notes:
        console.print(f"[dim]{escape(note)}[/dim]")
