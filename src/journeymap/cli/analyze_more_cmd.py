"""`journeymap analyze attribution|retention|repeat|segments|stages|kpis|barriers`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journeymap.analytics.option_names import ATTRIBUTION_MODELS as MODELS
from journeymap.cli.analyze_app import analyze_app
from journeymap.cli.help_language import help_text
from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    err_console,
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
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import ibis

    from journeymap.analytics.costs.kpi_costs import CostSettings
    from journeymap.analytics.kpi_effect import EffectLookup
    from journeymap.analytics.repeat_counts import RepeatBy
    from journeymap.analytics.segment_tests import SegmentedResult
    from journeymap.analytics.segmentation import SegmentBy
    from journeymap.model import JourneyMap
    from journeymap.store import Store

RepeatByOption = Annotated[
    str,
    typer.Option(
        "--repeat-by",
        help=N_(
            "What one purchase is: orders (each purchase event) or days (a person's "
            "purchases on one UTC day count once)."
        ),
    ),
]


def _repeat_by(value: str) -> RepeatBy:
    from journeymap.analytics.repeat_counts import check_repeat_by

    try:
        return check_repeat_by(value)
    except ValueError as error:
        fail(str(error), code=EXIT_USAGE)


@contextmanager
def _events(store: str | None) -> Iterator[ibis.Table]:
    with open_store(store) as opened:
        yield opened.events()


def _costs(opened: Store) -> CostSettings:
    """The store's ad costs for `romi`/`cac`/`cpa`/`drr` KPIs (workspace model and rates)."""
    from journeymap.cli.cost_settings import cost_settings, current_workspace

    return cost_settings(opened, current_workspace())


def _require_event(events: ibis.Table, name: str, option: str) -> None:
    from journeymap.analytics.steps import available_names, closest

    known = available_names(events, "event")
    if name not in known:
        near = closest(name, known)
        fail(
            _("no event named {name!r} ({option})", name=name, option=option),
            hint=_("closest: {names}", names=", ".join(near))
            if near
            else _("see `journeymap stats` for event names"),
            code=EXIT_FINDINGS,
        )


def _require_touches(events: ibis.Table, conversion: str, by: str) -> None:
    """Exit 1 when no event but the conversion has a channel (or touchpoint): the credits
    would be 100% "(no touch)", which reads as a result but only says the data lack touches."""
    from journeymap.analytics.attribution.events import has_touches

    if has_touches(events, conversion, by=by):
        return
    if by == "channel":
        fail(
            _(
                "no event other than {conversion!r} has a channel: attribution has nothing to "
                'credit (every conversion would be "(no touch)")',
                conversion=conversion,
            ),
            hint=_(
                "ingest a channel column (--channel COL; GA exports take channelGrouping or "
                "the traffic source), or credit touchpoints: --by touchpoint --map MAP"
            ),
        )
    fail(
        _(
            "no event other than {conversion!r} binds to a touchpoint of the map: attribution "
            "has nothing to credit",
            conversion=conversion,
        ),
        hint=_("check the map's bindings against `journeymap stats` (event names)"),
    )


def _map(path: str) -> JourneyMap:
    from journeymap.model import MapError, load_map

    try:
        return load_map(path)
    except MapError as error:
        report_map_error(error)
    except OSError as error:
        fail(_("cannot read {path}: {error}", path=path, error=error))


def _duration(text: str, option: str) -> dt.timedelta:
    from journeymap.analytics.durations import parse_duration

    try:
        return parse_duration(text)
    except ValueError as error:
        fail(f"{option}: {error}", code=EXIT_USAGE)


def attribution(
    *,
    conversion: Annotated[
        str | None, typer.Option("--conversion", help=N_("Conversion event name (event data)."))
    ] = None,
    models: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            help=help_text(N_("Model (repeatable, or all): {models}."), models=", ".join(MODELS)),
        ),
    ] = None,
    by: Annotated[
        str, typer.Option("--by", help=N_("Credit channels (channel) or touchpoints (touchpoint)."))
    ] = "channel",
    map_path: Annotated[
        str | None, typer.Option("--map", help=N_("Map to bind events with (for --by touchpoint)."))
    ] = None,
    paths: Annotated[
        str | None,
        typer.Option("--paths", help=N_("CSV of aggregated paths instead of the store's events.")),
    ] = None,
    lookback: Annotated[
        str, typer.Option("--lookback", help=N_("Touches count this long before a conversion."))
    ] = "30d",
    value_property: Annotated[
        str, typer.Option("--value-property", help=N_("Numeric property holding the value."))
    ] = "revenue",
    half_life: Annotated[
        str | None,
        typer.Option(
            "--half-life", help=N_("time_decay half-life: 7d (events) or steps (--paths).")
        ),
    ] = None,
    order: Annotated[int, typer.Option("--order", min=1, max=3, help=N_("Markov order 1..3."))] = 1,
    segment: SegmentOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.attribution.events import touches_from_events
    from journeymap.analytics.attribution.paths import read_paths_file, touches_from_paths
    from journeymap.analytics.steps import closest

    chosen = list(MODELS) if not models or "all" in models else models
    unknown = [m for m in chosen if m not in MODELS]
    if unknown:
        near = closest(unknown[0], list(MODELS))
        fail(
            _("unknown model {name!r}", name=unknown[0]),
            hint=_(
                "known: {names}; closest: {closest}",
                names=", ".join(MODELS),
                closest=", ".join(near) or "-",
            ),
            code=EXIT_USAGE,
        )
    if by not in ("channel", "touchpoint"):
        fail(_("--by must be channel or touchpoint, not {value!r}", value=by), code=EXIT_USAGE)
    by_segment = parse_segment(segment)
    if paths is not None and by_segment is not None:
        fail(_("--segment needs the store's events (persons), not --paths"), code=EXIT_USAGE)
    if paths is not None:
        try:
            touches = touches_from_paths(read_paths_file(paths))
        except OSError as error:
            fail(_("cannot read {path}: {error}", path=paths, error=error.strerror or error))
        except ValueError as error:
            fail(str(error))
        life = _half_life_steps(half_life)
        _run_attribution(
            touches, chosen, half_life=life, order=order, by="path label", as_json=as_json
        )
        return
    if conversion is None:
        fail(_("give --conversion EVENT (or --paths FILE)"), code=EXIT_USAGE)
    with _events(store) as events:
        _require_event(events, conversion, "--conversion")
        source = events
        if by == "touchpoint":
            if map_path is None:
                fail(_("--by touchpoint needs --map MAP to bind events"), code=EXIT_USAGE)
            from journeymap.analytics.bind import bind_events

            source = bind_events(events, _map(map_path))
        _require_touches(source, conversion, by)
        if by_segment is not None:
            _segmented_attribution(
                source,
                conversion,
                chosen,
                by_segment,
                label_by=by,
                lookback=_duration(lookback, "--lookback"),
                value_property=value_property or None,
                half_life=_duration(half_life or "7d", "--half-life").total_seconds() / 86400,
                order=order,
                as_json=as_json,
            )
            return
        touches = touches_from_events(
            source,
            conversion,
            by=by,
            lookback=_duration(lookback, "--lookback"),
            value_property=value_property or None,
        )
        life = _duration(half_life or "7d", "--half-life").total_seconds() / 86400
        _run_attribution(touches, chosen, half_life=life, order=order, by=by, as_json=as_json)


def _segmented_attribution(
    events: ibis.Table,
    conversion: str,
    models: list[str],
    by: SegmentBy,
    *,
    label_by: str,
    lookback: dt.timedelta,
    value_property: str | None,
    half_life: float,
    order: int,
    as_json: bool,
) -> None:
    from journeymap.analytics.attribution.segments import attribution_by_segment
    from journeymap.cli import segment_render

    try:
        result = attribution_by_segment(
            events, conversion, models, by, label_by=label_by, lookback=lookback,
            value_property=value_property, half_life=half_life, order=order,
        )  # fmt: skip
    except ValueError as error:
        segment_failure(error)
    if as_json:
        print_json(result.as_dict())
    else:
        segment_render.print_attribution(result)


def _half_life_steps(text: str | None) -> float:
    try:
        value = float(text) if text else 7.0
    except ValueError:
        fail(
            _("--half-life with --paths is a number of steps, not {value!r}", value=text),
            code=EXIT_USAGE,
        )
    if value <= 0:
        fail(_("--half-life must be positive"), code=EXIT_USAGE)
    return value


def _run_attribution(
    touches: ibis.Table,
    models: list[str],
    *,
    half_life: float,
    order: int,
    by: str,
    as_json: bool,
) -> None:
    from journeymap.analytics.attribution.models import attribute
    from journeymap.cli import analyze_render as render

    try:
        results = [attribute(touches, m, half_life=half_life, order=order) for m in models]
    except ValueError as error:
        fail(str(error))
    if as_json:
        print_json({"by": by, "models": [r.as_dict() for r in results]})
    else:
        render.print_attribution(results, by)


def retention_cmd(
    *,
    start: Annotated[
        str, typer.Option("--start", help=N_("Event that puts a person in a cohort."))
    ],
    return_event: Annotated[
        str, typer.Option("--return", help=N_("Event that counts as a return."))
    ],
    period: Annotated[str, typer.Option("--period", help=N_("day, week or month."))] = "week",
    segment: SegmentOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.retention import PERIODS, data_through, retention
    from journeymap.analytics.retention_segments import retention_by_segment
    from journeymap.cli import analyze_render as render
    from journeymap.cli import segment_render

    one_of(period, PERIODS, "--period")
    by = parse_segment(segment)
    unit = next(p for p in PERIODS if p == period)
    with _events(store) as events:
        _require_event(events, start, "--start")
        _require_event(events, return_event, "--return")
        # periods after the last event are shown empty, not as 0% (nobody could return yet)
        through = data_through(events)
        ends = {"through": through.isoformat() if through else None}
        if by is not None:
            try:
                segmented = retention_by_segment(events, start, return_event, by, unit)
            except ValueError as error:
                segment_failure(error)
            triangles = partial(segment_render.print_retention_triangles, through=through)
            _print_segmented(segmented, as_json, triangles, extra=ends)
            return
        cells = retention(events, start, return_event, unit).to_pyarrow().to_pylist()
    for cell in cells:
        cell["cohort"] = str(cell["cohort"])
    if as_json:
        print_json({"period": period, **ends, "cells": cells})
    else:
        render.print_retention(cells, unit, through=through)


def repeat(
    purchase: Annotated[str, typer.Option("--purchase", help=N_("Purchase event name."))],
    *,
    segment: SegmentOption = None,
    alpha: AlphaOption = 0.05,
    repeat_by: RepeatByOption = "orders",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.retention import repeat_purchase
    from journeymap.analytics.retention_segments import repeat_by_segment
    from journeymap.cli import analyze_render as render
    from journeymap.cli import segment_render

    by = parse_segment(segment)
    counted_by = _repeat_by(repeat_by)
    with _events(store) as events:
        _require_event(events, purchase, "--purchase")
        if by is not None:
            try:
                segmented = repeat_by_segment(
                    events, purchase, by, alpha=alpha, repeat_by=counted_by
                )
            except ValueError as error:
                segment_failure(error)
            _print_segmented(segmented, as_json, segment_render.print_repeat)
            return
        result = repeat_purchase(events, purchase, by=counted_by)
    if as_json:
        print_json(result.as_dict())
    else:
        render.print_repeat(result)


def segments(
    *,
    segment: Annotated[
        str, typer.Option("--segment", help=N_("trait:KEY, property:KEY, channel or column:NAME."))
    ],
    conversion: Annotated[str, typer.Option("--conversion", help=N_("Conversion event name."))],
    start: Annotated[
        str | None, typer.Option("--start", help=N_("Start event (default: any first event)."))
    ] = None,
    window: Annotated[
        str | None, typer.Option("--window", help=N_("Conversion must follow within, e.g. 7d."))
    ] = None,
    alpha: Annotated[float, typer.Option("--alpha", help=N_("False discovery rate."))] = 0.05,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.segments import compare_segments
    from journeymap.cli import analyze_render as render

    by = parse_segment(segment)
    assert by is not None  # a required option
    with _events(store) as events:
        _require_event(events, conversion, "--conversion")
        if start is not None:
            _require_event(events, start, "--start")
        limit = _duration(window, "--window") if window else None
        try:
            result = compare_segments(
                events, by, conversion, start_event=start, window=limit, alpha=alpha
            )
        except ValueError as error:
            segment_failure(error)
    if as_json:
        print_json(result.as_dict())
    else:
        render.print_segments(result)


def stages(
    map: Annotated[str, typer.Argument(help=N_("Map file."), metavar="MAP")],
    segment: SegmentOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.stage_segments import stage_metrics_by_segment
    from journeymap.analytics.stages import stage_metrics
    from journeymap.cli import analyze_render as render

    journey = _map(map)
    by = parse_segment(segment)
    with _events(store) as events:
        if by is None:
            metrics = stage_metrics(events, journey)
            data: dict[str, Any] = metrics.as_dict()
        else:
            try:
                segmented = stage_metrics_by_segment(events, journey, by)
            except ValueError as error:
                segment_failure(error)
            data = segmented.as_dict()
    touchpoint_names = {t.id: t.name for t in journey.touchpoints}
    if as_json:
        print_json({"map": journey.id, **data})
    elif by is None:
        render.print_stages(metrics, touchpoints=touchpoint_names)
    else:
        render.print_segmented_stages(segmented, touchpoint_names)


def kpis(
    map: Annotated[str, typer.Argument(help=N_("Map file."), metavar="MAP")],
    *,
    segment: SegmentOption = None,
    alpha: AlphaOption = 0.05,
    repeat_by: RepeatByOption = "orders",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.kpi import evaluate_kpis
    from journeymap.analytics.kpi_segments import kpis_by_segment
    from journeymap.cli import analyze_render as render
    from journeymap.cli import segment_render

    journey = _map(map)
    by = parse_segment(segment)
    counted_by = _repeat_by(repeat_by)
    with open_store(store) as opened:
        events = opened.events()
        if by is not None:
            try:
                segmented = kpis_by_segment(
                    events,
                    journey,
                    by,
                    alpha=alpha,
                    repeat_by=counted_by,
                    effects=_effects(map, journey, opened),
                )
            except ValueError as error:
                segment_failure(error)
            _print_segmented(
                segmented, as_json, segment_render.print_kpis, extra={"map": journey.id}
            )
            failed = any(
                k["status"] == "error" for d in segmented.segments.values() for k in d["kpis"]
            )
            if failed:
                raise typer.Exit(EXIT_FINDINGS)
            return
        results = evaluate_kpis(
            events,
            journey,
            repeat_by=counted_by,
            costs=_costs(opened),
            effects=_effects(map, journey, opened),
        )
    if as_json:
        print_json({"map": journey.id, "kpis": [r.as_dict() for r in results]})
    else:
        render.print_kpis(results)
    if any(r.status == "error" for r in results):
        raise typer.Exit(EXIT_FINDINGS)


def _effects(path: str, journey: JourneyMap, store: Store) -> EffectLookup | None:
    """What `effect(CHAIN[, MARKER])` KPIs read: the chains of the map's workspace and their
    runs in the store; None when the map has no such KPI."""
    from journeymap.model import MapError
    from journeymap.model.measure_syntax import measure_function
    from journeymap.model.workspace import find_workspace
    from journeymap.orchestrate.kpi_effects import effect_lookup
    from journeymap.report.interventions_section import workspace_chains

    kpis = [kpi for stage in journey.stages for kpi in stage.kpis]
    if not any(measure_function(kpi.measure or "") == "effect" for kpi in kpis):
        return None
    workspace = find_workspace(Path(path))
    chains = []
    if workspace is not None:
        try:
            chains = workspace_chains(workspace.root, workspace.map_paths())
        except MapError:
            err_console.print(
                _(
                    "the chains do not load: {command} shows why",
                    command="journeymap automations validate",
                )
            )
    root = workspace.root if workspace else None
    return effect_lookup(store, chains, maps={journey.id: journey}, workspace=root)


def barriers(
    map: Annotated[str, typer.Argument(help=N_("Map file."), metavar="MAP")],
    *,
    segment: SegmentOption = None,
    alpha: Annotated[float, typer.Option("--alpha", help=N_("False discovery rate."))] = 0.05,
    min_persons: Annotated[
        int, typer.Option("--min-persons", help=N_("Ignore places with fewer persons."))
    ] = 10,
    top: Annotated[int, typer.Option("--top", help=N_("Findings to show in the table."))] = 20,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.barriers import detect_barriers
    from journeymap.cli import analyze_render as render

    journey = _map(map)
    by = parse_segment(segment)
    with _events(store) as events:
        try:
            report = detect_barriers(
                events, journey, segment=by, alpha=alpha, min_persons=min_persons
            )
        except ValueError as error:
            segment_failure(error)
    if as_json:
        print_json({"map": journey.id, **report.as_dict()})
    else:
        render.print_barriers(report, top)


def _print_segmented(
    result: SegmentedResult,
    as_json: bool,
    table: Callable[[SegmentedResult], None],
    extra: dict[str, Any] | None = None,
) -> None:
    if as_json:
        print_json({**(extra or {}), **result.as_dict()})
    else:
        table(result)


_COMMANDS: dict[str, Callable[..., None]] = {
    "attribution": attribution,
    "retention": retention_cmd,
    "repeat": repeat,
    "segments": segments,
    "stages": stages,
    "kpis": kpis,
    "barriers": barriers,
}


_HELP = {
    "attribution": N_("Credit conversions and their value to channels or touchpoints."),
    "retention": N_("Cohort retention triangle: who comes back, period by period."),
    "repeat": N_("Repeat-purchase rate, time between purchases, purchases per customer."),
    "segments": N_(
        "Compare conversion and time to convert across segments, with BH-corrected tests."
    ),
    "stages": N_("Reach, conversion, drop-off, time in stage and re-entries per stage of a map."),
    "kpis": N_("Evaluate the map's KPIs (their `measure`) and compare them with their targets."),
    "barriers": N_(
        "Find barriers: excess drop-off, exits, slow stages and loops, as suggested barriers."
    ),
}
"""The help of each command: a message id, translated when help is shown (help_language)."""


def add_commands(target: typer.Typer) -> None:
    """Add these commands to an `analyze` Typer group (once)."""
    present = {c.name for c in target.registered_commands}
    for name, function in _COMMANDS.items():
        if name not in present:
            target.command(name, help=_HELP[name])(function)


def register(app: typer.Typer) -> None:
    """The `analyze` group itself is registered by `analyze_app`; this adds our commands."""
    add_commands(analyze_app)
