"""The report's interventions section as a sheet of the XLSX export: one row per map solution
that names a chain, with the chain's goal conversion in the treatment group and the holdout as
numbers (rates as %), the lift in percentage points with its 95% interval and the p-value; a
row without numbers says why in its note."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.i18n import gettext as _
from journeymap.i18n import use_language
from journeymap.report.interventions_markers import write_markers_block

if TYPE_CHECKING:
    from openpyxl import Workbook

    from journeymap.report.interventions_section import Intervention, InterventionsSection

RATE_COLUMNS = (7, 10)
"""1-based columns holding rates (formatted as %)."""


def write_interventions_sheet(book: Workbook, section: InterventionsSection, language: str) -> None:
    """Adds the sheet "Interventions" (translated) to `book`."""
    from openpyxl.styles import Font

    with use_language(language):
        title = _("Interventions (simulated data)") if section.simulated else _("Interventions")
        sheet = book.create_sheet(_("Interventions")[:31])
        sheet.append([title])
        sheet.cell(1, 1).font = Font(bold=True)
        sheet.append(_headings())
        for row in section.rows:
            sheet.append(_cells(row))
        for column in RATE_COLUMNS:
            for cells in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
                for cell in cells:
                    cell.number_format = "0.0%"
        write_markers_block(sheet, section.measured_markers())


def _headings() -> list[str]:
    return [
        _("Solution"), _("Stage"), _("Chain"), _("Goal"),
        _("Treatment: persons"), _("Treatment: converted"), _("Treatment: rate"),
        _("Holdout: persons"), _("Holdout: converted"), _("Holdout: rate"),
        _("Lift, pp"), _("95% CI, low"), _("95% CI, high"), _("p-value"), _("Note"),
    ]  # fmt: skip


def _cells(row: Intervention) -> list[Any]:
    start: list[Any] = [row.solution, row.stage_name or row.stage, row.chain_id]
    result = row.effect
    if result is None:
        return [*start, None, None, None, None, None, None, None, None, None, None, None,
                row.reason]  # fmt: skip
    effect = result.effect
    note = None
    if effect is None:
        note = (
            _(
                "{count} entries are still within the goal window (not counted)",
                count=result.pending,
            )
            if result.pending
            else _("no effect yet: the treatment or the holdout group is empty")
        )
    treatment, holdout = result.treatment, result.holdout
    return [
        *start,
        result.goal,
        treatment.persons,
        treatment.converted,
        treatment.rate if treatment.persons else None,
        holdout.persons,
        holdout.converted,
        holdout.rate if holdout.persons else None,
        effect.difference * 100 if effect else None,
        effect.ci_low * 100 if effect else None,
        effect.ci_high * 100 if effect else None,
        effect.p_value if effect else None,
        note,
    ]
