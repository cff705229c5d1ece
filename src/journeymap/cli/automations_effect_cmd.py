"""`journeymap automations effect CHAIN`: the chain's goal, treatment against holdout."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from journeymap.cli.automations_cmd import FolderOption, automations_app, state_store
from journeymap.cli.automations_cmd import _load as load_chains
from journeymap.cli.number_text import signed_number, signed_points, significant
from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    console,
    fail,
    print_json,
)
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.i18n import N_, format_number, format_percent, ngettext
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from journeymap.experiments import Effect
    from journeymap.model.journey import JourneyMap
    from journeymap.orchestrate.chain import Chain
    from journeymap.orchestrate.effect import ChainEffect
    from journeymap.orchestrate.markers import ChainMarkers, MarkerArm
    from journeymap.orchestrate.segment_effects import SegmentedEffect
    from journeymap.store import Store


def _percent(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else format_percent(value, decimals=1)


def print_effect(result: ChainEffect) -> None:
    """The effect as a table of the two groups and one line of lift, interval and p-value."""
    table = Table(_("group"), _("persons"), _("converted"), _("rate"))
    for label, arm in ((_("treatment"), result.treatment), (_("holdout"), result.holdout)):
        table.add_row(
            label, format_number(arm.persons), format_number(arm.converted), _percent(arm.rate)
        )
    console.print(
        _(
            "{chain}: goal {goal} within {hours} h",
            chain=result.chain_id,
            goal=result.goal,
            hours=format_number(result.window_seconds / 3600),
        )
    )
    console.print(table)
    effect = result.effect
    if effect is None:
        console.print(_("no effect yet: the treatment or the holdout group is empty"))
    else:
        console.print(
            _(
                "lift {lift} pp (95% CI {low} to {high}), p = {p}",
                lift=signed_points(effect.difference),
                low=signed_points(effect.ci_low),
                high=signed_points(effect.ci_high),
                p=significant(effect.p_value),
            )
        )
    if result.basis == "treated" and result.unsent:
        console.print(
            ngettext(
                "{count} person of the treatment group got no message (not counted)",
                "{count} persons of the treatment group got no message (not counted)",
                result.unsent,
                count=format_number(result.unsent),
            )
        )
    if result.pending:
        console.print(
            ngettext(
                "{count} entry is still within the goal window (not counted)",
                "{count} entries are still within the goal window (not counted)",
                result.pending,
                count=format_number(result.pending),
            ),
        )


def _marker_arm(arm: MarkerArm, *, score: bool) -> str:
    if arm.value is None:
        return f"- / {arm.units}"
    if not score:
        return f"{arm.successes} / {arm.units} ({_percent(arm.value)})"
    return _(
        "{mean} ({count} answers), NPS {nps}",
        mean=format_number(arm.value, decimals=2),
        count=arm.units,
        nps="-" if arm.nps is None else signed_number(arm.nps, decimals=0),
    )


def print_markers(result: ChainMarkers) -> None:
    """One row per success marker: both groups, the difference with its 95% interval and p."""
    from journeymap.orchestrate.markers import MARKER_LABELS

    table = Table(_("marker"), _("treatment"), _("holdout"), _("difference (95% CI)"), _("p-value"))
    for marker in result.markers:
        score = marker.name == "nps"
        effect = marker.effect
        table.add_row(
            _(MARKER_LABELS[marker.name]),
            _marker_arm(marker.treatment, score=score),
            _marker_arm(marker.holdout, score=score),
            _difference(effect, score=score),
            significant(effect.p_value) if effect else "-",
        )
    console.print(_("success markers (proportions in pp, the NPS score in points of 0-10):"))
    console.print(table)
    if result.before_period is None:
        return
    start, end = (t.isoformat(sep=" ", timespec="minutes") for t in result.before_period)
    if result.before_stage is None:
        line = _(
            "before the chain: persons with the entry event from {start} to {end}",
            start=start,
            end=end,
        )
    else:
        line = _(
            "before the chain: persons who entered the stage {stage} from {start} to {end}",
            stage=result.before_stage,
            start=start,
            end=end,
        )
    console.print(line)
    table = Table(
        _("marker"), _("before the chain"), _("treatment"), _("after - before (95% CI)"),
        _("p-value"),
    )  # fmt: skip
    for marker in result.markers:
        score = marker.name == "nps"
        change = marker.before_after
        table.add_row(
            _(MARKER_LABELS[marker.name]),
            "-" if marker.before is None else _marker_arm(marker.before, score=score),
            _marker_arm(marker.treatment, score=score),
            _difference(change, score=score),
            significant(change.p_value) if change else "-",
        )
    console.print(table)


def _difference(effect: Effect | None, *, score: bool) -> str:
    """pp for proportions, points of the 0-10 score for NPS, with the 95% interval."""
    if effect is None:
        return "-"

    def shown(value: float) -> str:
        return signed_number(value, decimals=2) if score else signed_points(value)

    return f"{shown(effect.difference)} ({shown(effect.ci_low)} … {shown(effect.ci_high)})"


class Basis(StrEnum):
    TREATED = "treated"
    ASSIGNED = "assigned"


class Correction(StrEnum):
    HOLM = "holm"
    BH = "bh"


def effect(
    *,
    chain: Annotated[str, typer.Argument(help=N_("The chain's id."))],
    folder: FolderOption = None,
    store: StoreOption = None,
    basis: Annotated[
        Basis,
        typer.Option(
            "--basis",
            help=N_(
                "assigned: the whole treatment group, intent to treat (default); treated: "
                "persons sent a message."
            ),
        ),
    ] = Basis.ASSIGNED,
    include_open: Annotated[
        bool,
        typer.Option(
            "--include-open", help=N_("Count entries whose goal window has not closed yet.")
        ),
    ] = False,
    markers: Annotated[
        bool,
        typer.Option(
            "--markers",
            help=N_(
                "Also the success markers: cart recovery, repeat purchase, trial completion "
                "and NPS, against the holdout and before/after the chain started."
            ),
        ),
    ] = False,
    segment: Annotated[
        str | None,
        typer.Option(
            "--segment",
            help=N_(
                "The lift per segment too: segment (the profile's), trait:KEY, property:KEY, "
                "channel or column:NAME; p-values adjusted across the segments."
            ),
        ),
    ] = None,
    correction: Annotated[
        Correction,
        typer.Option(
            "--correction",
            help=N_("How --segment adjusts p-values: holm (default) or bh (Benjamini-Hochberg)."),
        ),
    ] = Correction.HOLM,
    json_output: JsonOption = False,
) -> None:
    from datetime import UTC, datetime

    from journeymap.model.problems import HintedValueError
    from journeymap.orchestrate.effect import chain_effect
    from journeymap.orchestrate.markers import chain_markers

    automations, where, maps = load_chains(folder)
    found = next((c for c in automations.chains if c.id == chain), None)
    if found is None:
        fail(
            _("no chain {chain}", chain=chain),
            hint=_("chains: {ids}", ids=", ".join(c.id for c in automations.chains) or "-"),
            code=EXIT_USAGE,
        )
    opened = open_store(store)
    with opened:
        now = None if include_open else datetime.now(UTC)
        kept = state_store(opened, where.parent)  # a Spark store's runner state: its side file
        source = None if kept is opened else opened  # a Spark store: the events read from it
        try:
            result = chain_effect(kept, found, now=now, basis=basis.value)
            measured = (
                chain_markers(kept, found, now=now, basis=basis.value, maps=maps, source=source)
                if markers
                else None
            )
            segmented = (
                _segmented(kept, found, segment, markers, now, basis, correction, maps, source)
                if segment
                else None
            )
        except HintedValueError as error:
            fail(str(error), hint=error.hint, code=EXIT_USAGE)
        except ValueError as error:  # a trait or property no event has
            fail(str(error), code=EXIT_FINDINGS)
        finally:
            if kept is not opened:
                kept.close()
    if json_output:
        row = {**result.row(), "markers": measured.rows()} if measured else result.row()
        if segmented is not None:
            row["segments"] = [each.row() for each in segmented]
        print_json(row)
        return
    print_effect(result)
    if measured is not None:
        print_markers(measured)
    for each in segmented or ():
        print_segments(each)


def _segmented(  # noqa: PLR0917 - the options of the command
    store: Store,
    chain: Chain,
    by: str,
    markers: bool,
    now: datetime | None,
    basis: Basis,
    correction: Correction,
    maps: Mapping[str, JourneyMap],
    source: Store | None,
) -> list[SegmentedEffect]:
    from journeymap.orchestrate.segment_effects import ALL_MARKERS, segmented_effects

    return segmented_effects(
        store,
        chain,
        by,
        markers=ALL_MARKERS if markers else ("goal",),
        now=now,
        basis=basis.value,
        correction=correction.value,
        maps=maps,
        source=source,
    )


def print_segments(found: SegmentedEffect) -> None:
    """One marker's lift per segment (pp for shares, points of 0-10 for NPS)."""
    from journeymap.cli.effect_segments_render import print_segment_lifts
    from journeymap.orchestrate.markers import MARKER_LABELS

    rows = []
    for segment in found.segments:
        effect = segment.marker.effect
        rows.append(
            {
                "segment": segment.segment,
                "persons": segment.marker.treatment.units + segment.marker.holdout.units,
                "lift": effect.difference if effect else None,
                "ci_low": effect.ci_low if effect else None,
                "ci_high": effect.ci_high if effect else None,
                "p_value": effect.p_value if effect else None,
                "p_adjusted": segment.p_adjusted,
            }
        )
    score = found.marker == "nps"
    title = _("{marker} per segment of {by}", marker=_(MARKER_LABELS[found.marker]), by=found.by)

    def shown(value: float) -> str:
        return (
            signed_number(value, decimals=2)
            if score
            else _("{points} pp", points=signed_points(value))
        )

    print_segment_lifts(title, rows, shown, found.correction)


def register(app: typer.Typer) -> None:
    automations_app.command(
        "effect",
        help=N_(
            "The chain's conversion goal among treated persons against its "
            "holdout: rates, lift with its 95% interval and p-value "
            "(two-proportion z test)."
        ),
    )(effect)
