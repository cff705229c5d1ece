"""The success markers of the report's interventions (`orchestrate.markers.chain_markers`: cart
recovery, repeat purchase, trial completion, NPS; treatment against holdout and against the
period before the chain, with 95% intervals) as HTML under the section's table and as a block of
the XLSX sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from journeymap.i18n import format_percent
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from markupsafe import Markup
    from openpyxl.worksheet.worksheet import Worksheet

    from journeymap.experiments import Effect
    from journeymap.orchestrate.markers import ChainMarkers, Marker, MarkerArm


def marker_headings() -> list[str]:
    return [
        _("Chain"), _("Marker"), _("Treatment"), _("Holdout"), _("Difference (95% CI)"),
        _("p-value"), _("Before the chain"), _("After - before (95% CI)"),
    ]  # fmt: skip


def _arm(arm: MarkerArm | None, marker: Marker, language: str) -> str:
    if arm is None:
        return "–"
    if arm.value is None:
        return f"– / {arm.units}"
    if marker.name != "nps":
        shown = format_percent(arm.value, decimals=1, language=language)
        return f"{arm.successes} / {arm.units} ({shown})"
    nps = f"{arm.nps:+.0f}" if arm.nps is not None else "–"
    return _(
        "{mean} ({count} answers), NPS {nps}", mean=f"{arm.value:.2f}", count=arm.units, nps=nps
    )


def _difference(marker: Marker, effect: Effect | None) -> str:
    if effect is None:
        return "–"
    scale, digits = (1.0, 2) if marker.name == "nps" else (100.0, 1)
    low, high = effect.ci_low * scale, effect.ci_high * scale
    return f"{effect.difference * scale:+.{digits}f} ({low:+.{digits}f} … {high:+.{digits}f})"


def marker_cells(chain_id: str, marker: Marker, language: str) -> list[str]:
    """One marker's row as text (the current language's labels)."""
    from journeymap.orchestrate.markers import MARKER_LABELS

    effect = marker.effect
    return [
        chain_id,
        _(MARKER_LABELS[marker.name]),
        _arm(marker.treatment, marker, language),
        _arm(marker.holdout, marker, language),
        _difference(marker, effect),
        f"{effect.p_value:.3g}" if effect else "–",
        _arm(marker.before, marker, language),
        _difference(marker, marker.before_after),
    ]


def markers_html(measured: Sequence[ChainMarkers], language: str) -> Markup:
    """A titled table of every chain's markers (empty when there are none); call it inside
    `use_language(language)`."""
    from markupsafe import Markup

    if not measured:
        return Markup("")
    head = Markup("").join(Markup("<th>{}</th>").format(h) for h in marker_headings())
    body = Markup("").join(
        Markup('<tr data-marker="{}">{}</tr>').format(
            marker.name,
            Markup("").join(
                Markup("<td>{}</td>").format(cell)
                for cell in marker_cells(chain.chain_id, marker, language)
            ),
        )
        for chain in measured
        for marker in chain.markers
    )
    note = _(
        "Success markers within the goal's window, the same groups: cart recovery (ordered any "
        "of the cart's items), repeat purchase (two orders or more), in percentage points; the "
        "NPS score's mean in points of 0-10 (Welch t). Before the chain: the persons who did "
        "the entry event (or entered the entry stage) in a period as long as the chain's, ending "
        "where it started; after: the treatment group."
    )
    return Markup(
        '<h3>{}</h3><p>{}</p><table class="jm-table jm-markers"><thead><tr>{}</tr></thead>'
        "<tbody>{}</tbody></table>"
    ).format(_("Success markers"), note, head, body)


def write_markers_block(sheet: Worksheet, measured: Sequence[ChainMarkers]) -> None:
    """Appends the markers to the interventions sheet as numbers: chain, marker, units and
    value (a share or the mean score) per group, NPS per group, difference (pp for shares),
    interval and p-value; call it inside `use_language`."""
    from journeymap.orchestrate.markers import MARKER_LABELS

    if not measured:
        return
    sheet.append([])
    sheet.append([_("Success markers")])
    headings = [
        _("Chain"), _("Marker"), _("Treatment: units"), _("Treatment: value"),
        _("Treatment: NPS"), _("Holdout: units"), _("Holdout: value"), _("Holdout: NPS"),
        _("Difference"), _("95% CI, low"), _("95% CI, high"), _("p-value"),
        _("Before: units"), _("Before: value"), _("Before: NPS"), _("After - before"),
        _("95% CI, low"), _("95% CI, high"), _("p-value"),
    ]  # fmt: skip
    sheet.append(headings)
    for chain in measured:
        for marker in chain.markers:
            effect = marker.effect
            scale = 1.0 if marker.name == "nps" else 100.0
            row: list[Any] = [
                chain.chain_id,
                _(MARKER_LABELS[marker.name]),
                marker.treatment.units,
                marker.treatment.value,
                marker.treatment.nps,
                marker.holdout.units,
                marker.holdout.value,
                marker.holdout.nps,
                effect.difference * scale if effect else None,
                effect.ci_low * scale if effect else None,
                effect.ci_high * scale if effect else None,
                effect.p_value if effect else None,
            ]
            before, change = marker.before, marker.before_after
            row += [
                before.units if before else None,
                before.value if before else None,
                before.nps if before else None,
                change.difference * scale if change else None,
                change.ci_low * scale if change else None,
                change.ci_high * scale if change else None,
                change.p_value if change else None,
            ]
            sheet.append(row)
            if marker.name != "nps":
                for column in (4, 7, 14):
                    sheet.cell(sheet.max_row, column).number_format = "0.0%"
