"""`journeymap analyze funnel|transitions|paths`: the commands call `journeymap.analytics`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from journeymap.cli.analyze_app import analyze_app
from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    console,
    fail,
    one_of,
    print_json,
    report_map_error,
)
from journeymap.cli.segment_option import (
    AlphaOption,
    SegmentOption,
    parse_segment,
    segment_failure,
)
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.cli.tables import print_table
from journeymap.i18n import N_, format_number, format_percent
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import ibis

    from journeymap.analytics.segmentation import SegmentBy
    from journeymap.analytics.sequences import NodeKind
    from journeymap.analytics.steps import UnknownNameError

MapOption = Annotated[
    str | None,
    typer.Option("--map", help=N_("Bind events to this map first (touchpoint:/stage: names).")),
]
ByOption = Annotated[
    str, typer.Option("--by", help=N_("Nodes: event, touchpoint or stage (needs --map)."))
]
GapOption = Annotated[
    str,
    typer.Option("--session-gap", help=N_("Split a person's events after this pause, or 'none'.")),
]
CollapseOption = Annotated[
    bool,
    typer.Option("--collapse-repeats", help=N_("Count consecutive repeats of a node once.")),
]


@contextmanager
def _events(store: str | None, map_path: str | None) -> Iterator[ibis.Table]:
    from journeymap.analytics.bind import bind_events
    from journeymap.model import MapError, load_map

    with open_store(store) as opened:
        events = opened.events()
        if map_path is not None:
            try:
                events = bind_events(events, load_map(map_path))
            except MapError as error:
                report_map_error(error)
            except OSError as error:
                fail(_("cannot read {path}: {error}", path=map_path, error=error))
        yield events


def _unknown(error: UnknownNameError) -> None:
    fail(
        str(error).split("; closest")[0],
        hint=_("closest: {names}", names=", ".join(error.suggestions))
        if error.suggestions
        else None,
        code=EXIT_FINDINGS,
    )


def _kind(by: str) -> NodeKind:
    if by not in ("event", "touchpoint", "stage"):
        fail(_("--by must be event, touchpoint or stage, not {value!r}", value=by), code=EXIT_USAGE)
    kind: NodeKind = by  # type: ignore[assignment]
    return kind


def _gap(text: str) -> str | None:
    from journeymap.analytics.durations import parse_duration

    if text.lower() == "none":
        return None
    try:
        parse_duration(text)
    except ValueError as error:
        fail(str(error), code=EXIT_USAGE)
    return text


def _number(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    return format_number(value, decimals=digits if isinstance(value, float) else 0)


def _percent(value: float | None) -> str:
    return "-" if value is None else format_percent(value, decimals=1)


# Compact units for table cells: 2.5d / 2,5 д.
_UNITS = ((N_("{value}d"), 86400), (N_("{value}h"), 3600), (N_("{value}m"), 60))
_KINDS = {"event": N_("event"), "touchpoint": N_("touchpoint"), "stage": N_("stage")}


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    for unit, size in _UNITS:
        if seconds >= size:
            return _(unit, value=format_number(seconds / size, decimals=1))
    return _("{value}s", value=format_number(seconds, decimals=0))


def funnel_cmd(
    steps: Annotated[
        list[str], typer.Argument(help=N_("Steps: event names, touchpoint:ID, stage:ID."))
    ],
    *,
    window: Annotated[
        str, typer.Option("--window", help=N_("Time from step 1 to the last step."))
    ] = "14d",
    order: Annotated[
        str, typer.Option("--order", help=N_("ordered, strict or unordered."))
    ] = "ordered",
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help=N_("Events that disqualify a chain."))
    ] = None,
    optional: Annotated[
        list[int] | None, typer.Option("--optional", help=N_("1-based number of an optional step."))
    ] = None,
    breakdown: Annotated[
        str | None, typer.Option("--breakdown", help=N_("Column, properties.KEY, traits.KEY, ..."))
    ] = None,
    attribution: Annotated[
        str, typer.Option("--attribution", help=N_("first_touch, last_touch or step:N."))
    ] = "first_touch",
    count: Annotated[str, typer.Option("--count", help=N_("persons or conversions."))] = "persons",
    segment: SegmentOption = None,
    alpha: AlphaOption = 0.05,
    map_path: MapOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    from journeymap.analytics.funnel import funnel
    from journeymap.analytics.funnel_spec import ORDERS
    from journeymap.analytics.segment_split import UnknownSegmentKeyError
    from journeymap.analytics.steps import UnknownNameError

    one_of(order, ORDERS, "--order")
    if count not in ("persons", "conversions"):
        fail(
            _("--count must be persons or conversions, not {value!r}", value=count), code=EXIT_USAGE
        )
    by_segment = parse_segment(segment)
    options: dict[str, Any] = {
        "window": window,
        "order": order,
        "exclusions": exclude or [],
        "optional_steps": optional or [],
        "breakdown": breakdown,
        "breakdown_attribution": attribution,
        "count": count,
    }
    with _events(store, map_path) as events:
        try:
            if by_segment is not None:
                _segmented_funnel(
                    events, steps, by_segment, alpha=alpha, options=options, as_json=as_json
                )
                return
            result = funnel(events, steps, **options)
            data = result.to_dict()
            data["time_to_convert"] = result.time_to_convert()
        except UnknownNameError as error:
            _unknown(error)
            return
        except UnknownSegmentKeyError as error:
            segment_failure(error)
        except ValueError as error:
            fail(str(error), code=EXIT_USAGE)
    if as_json:
        print_json(data)
        return
    _print_steps(_("Funnel ({order}, window {window})", order=order, window=window), data["steps"])
    for group in data.get("breakdown", []):
        _print_steps(f"{breakdown} = {group['value']}", group["steps"])
    ttc = data["time_to_convert"]
    console.print(
        _(
            "Converted: {persons}; time to convert: median {median}, p90 {p90}",
            persons=format_number(ttc["converted"]),
            median=_duration(ttc["median_seconds"]),
            p90=_duration(ttc["p90_seconds"]),
        )
    )


def _segmented_funnel(
    events: ibis.Table,
    steps: list[str],
    by: SegmentBy,
    *,
    alpha: float,
    options: dict[str, Any],
    as_json: bool,
) -> None:
    from journeymap.analytics.funnel_segments import funnel_by_segment
    from journeymap.cli import segment_render

    result = funnel_by_segment(events, steps, by, alpha=alpha, **options)
    if as_json:
        print_json(result.as_dict())
    else:
        segment_render.print_funnel(result)


_STEP_COLUMNS = (
    "#",
    N_("step"),
    N_("persons"),
    N_("from previous"),
    N_("from start"),
    N_("median time"),
)


def _print_steps(title: str, steps: list[dict[str, Any]]) -> None:
    table = Table(title=title)
    for column in _STEP_COLUMNS:
        table.add_column(_(column), justify="left" if column == "step" else "right")
    for number, step in enumerate(steps, start=1):
        name = _("{step} (optional)", step=step["name"]) if step.get("optional") else step["name"]
        table.add_row(
            str(number),
            name,
            _number(step["persons"]),
            _percent(step["conversion_from_previous"]),
            _percent(step["conversion_from_start"]),
            _duration(step["median_seconds_from_previous"]),
        )
    print_table(table)


def transitions_cmd(
    *,
    by: ByOption = "event",
    session_gap: GapOption = "30m",
    collapse_repeats: CollapseOption = False,
    top: Annotated[int, typer.Option("--top", help=N_("Show this many edges (table only)."))] = 30,
    out_of_core: Annotated[
        bool,
        typer.Option(
            "--out-of-core", help=N_("Median and p90 by sorting: for data larger than memory.")
        ),
    ] = False,
    segment: SegmentOption = None,
    alpha: AlphaOption = 0.05,
    map_path: MapOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    from journeymap.analytics.segment_split import UnknownSegmentKeyError
    from journeymap.analytics.transition_segments import transitions_by_segment
    from journeymap.analytics.transitions import transitions
    from journeymap.cli import segment_render

    kind = _kind(by)
    gap = _gap(session_gap)
    by_segment = parse_segment(segment)
    with _events(store, map_path) as events:
        try:
            if by_segment is not None:
                segmented = transitions_by_segment(
                    events,
                    by_segment,
                    node_by=kind,
                    session_gap=gap,
                    collapse_repeats=collapse_repeats,
                    alpha=alpha,
                )
                if as_json:
                    print_json(segmented.as_dict())
                else:
                    segment_render.print_transitions(segmented, top)
                return
            rows = (
                transitions(
                    events,
                    by=kind,
                    session_gap=gap,
                    collapse_repeats=collapse_repeats,
                    out_of_core=out_of_core,
                )
                .to_pyarrow()
                .to_pylist()
            )
        except UnknownSegmentKeyError as error:
            segment_failure(error)
        except ValueError as error:
            fail(str(error), code=EXIT_USAGE)
    if as_json:
        print_json({"by": kind, "session_gap": gap, "edges": rows})
        return
    table = Table(
        title=_(
            "Transitions by {kind} ({count} edges)",
            kind=_(_KINDS[kind]),
            count=format_number(len(rows)),
        )
    )
    for column in (N_("from"), N_("to"), N_("count"), N_("persons"), N_("mean"), N_("median")):
        table.add_column(_(column), justify="left" if column in ("from", "to") else "right")
    table.add_column("p90", justify="right")
    for row in rows[:top]:
        table.add_row(
            row["source"],
            row["target"],
            _number(row["count"]),
            _number(row["persons"]),
            _duration(row["mean_seconds"]),
            _duration(row["median_seconds"]),
            _duration(row["p90_seconds"]),
        )
    print_table(table)


def paths_cmd(
    *,
    start: Annotated[
        str | None, typer.Option("--from", help=N_("Paths start at this node."))
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help=N_("Paths end at this node."))] = None,
    max_steps: Annotated[int, typer.Option("--max-steps", help=N_("Nodes per path."), min=1)] = 5,
    top: Annotated[
        int, typer.Option("--top", help=N_("Named nodes per column / variants."), min=1)
    ] = 10,
    by: ByOption = "event",
    session_gap: GapOption = "none",
    collapse_repeats: CollapseOption = False,
    segment: SegmentOption = None,
    alpha: AlphaOption = 0.05,
    map_path: MapOption = None,
    as_json: JsonOption = False,
    store: StoreOption = None,
) -> None:
    from journeymap.analytics.paths import paths, sankey_links, variants
    from journeymap.analytics.steps import available_names, closest

    kind = _kind(by)
    gap = _gap(session_gap)
    by_segment = parse_segment(segment)
    options: dict[str, Any] = {
        "start": start,
        "end": end,
        "max_steps": max_steps,
        "top": top,
        "by": kind,
        "session_gap": gap,
        "collapse_repeats": collapse_repeats,
    }
    with _events(store, map_path) as events:
        try:
            known = available_names(events, kind)
        except ValueError as error:
            fail(str(error), code=EXIT_USAGE)
        for option, name in (("--from", start), ("--to", end)):
            if name is not None and name not in known:
                near = closest(name, known)
                fail(
                    _(
                        "no {kind} named {name!r} ({option})",
                        kind=_(_KINDS[kind]),
                        name=name,
                        option=option,
                    ),
                    hint=_("closest: {names}", names=", ".join(near)) if near else None,
                    code=EXIT_FINDINGS,
                )
        if by_segment is not None:
            _segmented_paths(events, by_segment, alpha=alpha, options=options, as_json=as_json)
            return
        data = {
            "columns": paths(events, **options).to_pyarrow().to_pylist(),
            "links": sankey_links(events, **options).to_pyarrow().to_pylist(),
            "variants": variants(events, **options).to_pyarrow().to_pylist(),
        }
    if as_json:
        print_json(data)
        return
    table = Table(
        title=_(
            "Top paths by {kind} (max {count} steps)",
            kind=_(_KINDS[kind]),
            count=max_steps,
        )
    )
    for column in (N_("path"), N_("length"), N_("cases"), N_("share")):
        table.add_column(_(column), justify="left" if column == "path" else "right")
    for row in data["variants"]:
        table.add_row(
            row["variant"], _number(row["length"]), _number(row["cases"]), _percent(row["share"])
        )
    print_table(table)
    columns = Table(title=_("Sankey columns"))
    for column in (N_("step"), N_("node"), N_("cases")):
        columns.add_column(_(column), justify="left" if column == "node" else "right")
    for row in data["columns"]:
        columns.add_row(str(row["step"]), row["node"], _number(row["cases"]))
    print_table(columns)


def _segmented_paths(
    events: ibis.Table, by: SegmentBy, *, alpha: float, options: dict[str, Any], as_json: bool
) -> None:
    from journeymap.analytics.path_segments import paths_by_segment
    from journeymap.cli import segment_render

    named = {**options, "node_by": options["by"]}
    del named["by"]
    try:
        result = paths_by_segment(events, by, alpha=alpha, **named)
    except ValueError as error:
        segment_failure(error)
    if as_json:
        print_json(result.as_dict())
    else:
        segment_render.print_paths(result)


def register(app: typer.Typer) -> None:
    analyze_app.command(
        "funnel",
        help=N_("Conversion through ordered steps within a time window (PostHog semantics)."),
    )(funnel_cmd)
    analyze_app.command(
        "transitions",
        help=N_(
            "The directly-follows graph: counts, persons and times per edge, with start and end."
        ),
    )(transitions_cmd)
    analyze_app.command(
        "paths",
        help=N_(
            "Top paths with (other) and (drop-off) buckets: Sankey columns, links and variants."
        ),
    )(paths_cmd)
    app.add_typer(analyze_app, name="analyze")
