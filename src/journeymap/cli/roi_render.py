"""The `analyze roi` table: one row per channel or campaign, the model and period in the title."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from journeymap.analytics.costs.result import RoiResult, RoiRow
from journeymap.cli.output import console
from journeymap.cli.tables import print_table
from journeymap.i18n import N_, format_date, format_number, format_percent
from journeymap.i18n import gettext as _

HEADERS = (
    N_("spend"), N_("reached"), N_("leads"), N_("orders"), N_("customers"), N_("revenue"),
    N_("CPL"), N_("CAC"), N_("CPO"), N_("ROMI"), N_("payback, days"),
)  # fmt: skip


BY_LABELS = {"channel": N_("channel"), "campaign": N_("campaign")}


def _money(value: float | None) -> str:
    return "–" if value is None else format_number(value, decimals=2)


def _count(value: float | None) -> str:
    return "–" if value is None else format_number(value, decimals=1)


def _cells(row: RoiRow, days: float) -> list[str]:
    payback = row.payback_days(days)
    return [
        _money(row.spend), format_number(row.reached), _count(row.leads), _count(row.orders),
        _count(row.customers), _money(row.revenue), _money(row.cpl), _money(row.cac),
        _money(row.cpo), "–" if row.romi is None else format_percent(row.romi, decimals=1),
        "–" if payback is None else format_number(payback, decimals=1),
    ]  # fmt: skip


def title(result: RoiResult, segment: str | None = None) -> str:
    """`Channel economics, model linear, 01.11.2026–14.11.2026 (RUB)`: on every table."""
    last = result.end.toordinal() - 1
    text = _(
        "Channel economics by {by}, model {model}, {start} – {end}",
        by=_(BY_LABELS[result.by]), model=result.model, start=format_date(result.start),
        end=format_date(type(result.start).fromordinal(last)),
    )  # fmt: skip
    if result.currency:
        text += f" ({result.currency})"
    if segment is not None:
        text += " · " + _("segment {name}", name=segment)
    return text


def print_roi(result: RoiResult, segment: str | None = None) -> None:
    table = Table(_(BY_LABELS[result.by]), title=title(result, segment), title_justify="left")
    for header in HEADERS:
        table.add_column(_(header), justify="right")
    days = result.period_days
    for row in result.rows:
        label = escape(row.label) + ("" if row.matched else " *")
        table.add_row(label, *_cells(row, days))
    table.add_row("[bold]" + escape(_("total")) + "[/bold]", *_cells(result.total, days))
    print_table(table)
    if any(not r.matched for r in result.rows):
        console.print(_("* spend that no event's UTM value matches:"), markup=False)
        for cost in result.unmatched:
            console.print(
                _("  {channel} {campaign}: {spend}", channel=cost.channel,
                  campaign=cost.campaign or "", spend=_money(cost.spend)),
                markup=False,
            )  # fmt: skip
