"""`journeymap analyze roi`: spend, CAC, CPO and ROMI per channel or campaign."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journeymap.analytics.option_names import ATTRIBUTION_MODELS, MODEL_ALIASES, ROI_GROUPINGS
from journeymap.cli.analyze_app import analyze_app
from journeymap.cli.cost_settings import RatesOption
from journeymap.cli.help_language import help_text
from journeymap.cli.output import EXIT_USAGE, JsonOption, fail, print_json
from journeymap.cli.segment_option import SegmentOption, parse_segment, segment_failure
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import ibis

    from journeymap.analytics.costs.result import RoiResult

_MODEL_NAMES = ", ".join([*MODEL_ALIASES, *ATTRIBUTION_MODELS])


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(_("{option} must be a day YYYY-MM-DD, not {value!r}", option=option, value=text),
             code=EXIT_USAGE)  # fmt: skip


def roi_cmd(
    *,
    conversion: Annotated[
        str, typer.Option("--conversion", help=N_("The order event (its value is the revenue)."))
    ] = "Order Completed",
    model: Annotated[
        str,
        typer.Option(
            "--model", help=help_text(N_("Attribution model: {models}."), models=_MODEL_NAMES)
        ),
    ] = ("linear"),
    by: Annotated[
        str, typer.Option("--by", help=N_("channel (utm_source) or campaign."))
    ] = "channel",
    revenue: Annotated[
        str, typer.Option("--revenue", help=N_("Numeric property of the order holding revenue."))
    ] = "revenue",
    lead: Annotated[
        str | None, typer.Option("--lead", help=N_("Lead event (gives leads and CPL)."))
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help=N_("First day YYYY-MM-DD (default: first cost day).")),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help=N_("Last day, inclusive (default: last cost day)."))
    ] = None,
    lookback: Annotated[
        str, typer.Option("--lookback", help=N_("Touches count this long before a conversion."))
    ] = "30d",
    segment: SegmentOption = None,
    rates: RatesOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.costs import canonical_model
    from journeymap.analytics.durations import parse_duration
    from journeymap.cli.cost_settings import current_workspace, load_rates

    try:
        chosen = canonical_model(model)
        window = parse_duration(lookback)
    except ValueError as error:
        fail(str(error), code=EXIT_USAGE)
    if by not in ROI_GROUPINGS:
        fail(_("--by must be channel or campaign, not {value!r}", value=by), code=EXIT_USAGE)
    first, last = _day(start, "--from"), _day(end, "--to")
    period_end = last + dt.timedelta(days=1) if last else None
    segment_by = parse_segment(segment)
    converted = load_rates(rates, current_workspace())
    with open_store(store) as opened:
        events, costs = opened.events(), opened.table("costs")
        _require_event(events, conversion, "--conversion")
        if lead:
            _require_event(events, lead, "--lead")
        options: dict[str, Any] = {
            "conversion": conversion, "model": chosen, "by": by, "lead": lead, "start": first,
            "end": period_end, "lookback": window, "revenue_property": revenue or None,
            "rates": converted,
        }  # fmt: skip
        if segment_by is not None:
            from journeymap.analytics.costs.segments import roi_by_segment

            try:
                segmented = roi_by_segment(events, costs, segment_by, **options)
            except ValueError as error:
                segment_failure(error)
            _show_segments(segmented, as_json=as_json)
            return
        from journeymap.analytics.costs import roi

        try:
            result = roi(events, costs, **options)
        except ValueError as error:
            fail(str(error))
    if as_json:
        print_json(result.as_dict())
    else:
        from journeymap.cli.roi_render import print_roi

        print_roi(result)


def _show_segments(segmented: dict[str, RoiResult], *, as_json: bool) -> None:
    from journeymap.cli.roi_render import print_roi

    if as_json:
        print_json({"segments": {name: r.as_dict() for name, r in segmented.items()}})
        return
    for name, result in segmented.items():
        print_roi(result, segment=name)


def _require_event(events: ibis.Table, name: str, option: str) -> None:
    from journeymap.cli.analyze_more_cmd import _require_event as require

    require(events, name, option)


def register(app: typer.Typer) -> None:
    """Adds `roi` to the `analyze` group (registered by `analyze_app`)."""
    if "roi" not in {c.name for c in analyze_app.registered_commands}:
        analyze_app.command(
            "roi",
            help=N_(
                "Channel economics: spend, reach, leads, orders, revenue, CAC, CPO, ROMI, payback."
            ),
        )(roi_cmd)
