"""The report's channel economics: spend, orders, revenue, CAC, ROMI and ДРР per channel.

Shown when the store has ad costs (`journeymap costs import`). Every figure is `analyze roi`'s
(`analytics.costs.roi`) over the report's events, under the attribution model of the cost
settings (workspace `[costs] model`, linear by default), with the period and the model in the
section's title. The same `CostSettings` serve the map's `romi`/`cac`/`cpa`/`drr` KPIs, so a
KPI and the section's row show one number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeymap.analytics.costs.kpi_costs import CostMeasureError, CostSettings
from journeymap.analytics.costs.result import RoiResult, RoiRow
from journeymap.i18n import format_number, format_percent, use_language
from journeymap.i18n import gettext as _
from journeymap.store import Store

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from markupsafe import Markup
    from openpyxl import Workbook

    from journeymap.report.data import ReportData


def report_cost_settings(
    source: object,
    given: CostSettings | None,
    start: dt.date | None,
    end: dt.date | None,
) -> CostSettings | None:
    """The cost settings of a report: `given`, else the store's costs (None without a store)."""
    settings = given
    if settings is None and isinstance(source, Store):
        settings = CostSettings(source.table("costs"))
    if settings is not None and (start or end):
        settings.start = start or settings.start
        settings.end = end + dt.timedelta(days=1) if end else settings.end
    return settings


@dataclass(frozen=True)
class ChannelEconomics:
    result: RoiResult

    def as_dict(self) -> dict[str, Any]:
        return self.result.as_dict()

    def headings(self) -> list[str]:
        return [
            _("Channel"), _("Spend"), _("Reached"), _("Orders"), _("New customers"),
            _("Revenue"), _("CAC"), _("CPO"), _("ROMI"), _("DRR (spend / revenue)"),
        ]  # fmt: skip

    def cells(self, row: RoiRow) -> list[float | str | None]:
        drr = row.spend / row.revenue if row.revenue else None
        return [
            row.label, row.spend, row.reached, row.orders, row.customers, row.revenue,
            row.cac, row.cpo, row.romi, drr,
        ]  # fmt: skip

    def title(self) -> str:
        result = self.result
        last = result.end - dt.timedelta(days=1)
        return _(
            "Channel economics ({model}, {start} – {end}, {currency})",
            model=result.model,
            start=result.start.isoformat(),
            end=last.isoformat(),
            currency=result.currency or "–",
        )

    def html(self, language: str) -> Markup:
        """The section as HTML in `language` (the report's)."""
        from markupsafe import Markup

        cell = Markup("<td>{}</td>")
        with use_language(language):
            head = Markup("").join(Markup("<th>{}</th>").format(h) for h in self.headings())
            body = Markup("").join(
                Markup('<tr data-channel="{}">{}</tr>').format(
                    row.label,
                    Markup("").join(
                        cell.format(_shown(i, v, language)) for i, v in enumerate(self.cells(row))
                    ),
                )
                for row in [*self.result.rows, self.result.total]
            )
            note = _(
                "Orders and revenue are credited to channels by the attribution model; ROMI is "
                "(revenue − spend) / spend, DRR is spend / revenue, CAC is spend per new customer."
            )
            title = self.title()
        return Markup(
            '<section class="jm-economics" data-model="{}"><h2>{}</h2><p>{}</p>'
            '<table class="jm-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>'
            "</section>"
        ).format(self.result.model, title, note, head, body)

    def write_sheet(self, book: Workbook, language: str) -> None:
        """A sheet with one row per channel and the total, as numbers (shares as %)."""
        from openpyxl.styles import Font

        with use_language(language):
            sheet = book.create_sheet(_("Channel economics")[:31])
            sheet.append([self.title()])
            sheet.cell(1, 1).font = Font(bold=True)
            sheet.append(self.headings())
        for row in [*self.result.rows, self.result.total]:
            sheet.append(self.cells(row))
        for cells in sheet.iter_rows(min_row=3, min_col=9, max_col=10):
            for cell in cells:
                cell.number_format = "0.0%"


def add_channel_economics(
    data: ReportData, settings: CostSettings | None, events: ir.Table
) -> None:
    """Sets `data.channel_economics` over `events`, or a note saying why it is left out."""
    if settings is None or not settings.has_costs():
        data.notes.append(
            _("channel economics: no ad costs in the store (journeymap costs import FILE)")
        )
        return
    try:
        data.channel_economics = ChannelEconomics(settings.result(events, "channel"))
    except (CostMeasureError, ValueError) as error:
        data.notes.append(_("channel economics: {error}", error=error))


def _shown(index: int, value: float | str | None, language: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if index in (8, 9):
        return format_percent(value, decimals=1, language=language)
    decimals = 0 if index in (2,) else 2 if index in (6, 7) else 0
    return format_number(value, decimals=decimals, language=language)
