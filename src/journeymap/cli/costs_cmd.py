"""`journeymap costs import FILE`: ad spend exports into the store's `costs` table."""

from __future__ import annotations

from typing import Annotated

import typer

from journeymap.cli.cost_settings import RatesOption
from journeymap.cli.help_language import help_text
from journeymap.cli.output import EXIT_FINDINGS, EXIT_USAGE, JsonOption, console, fail, print_json
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

COST_PLATFORMS = ("auto", "yandex-direct", "vk-ads", "google-ads", "meta-ads")

costs_app = typer.Typer(
    help=N_("Ad spend: import cost exports of Yandex Direct, VK Ads, Google Ads and Meta Ads."),
    no_args_is_help=True,
)


@costs_app.command(
    "import", help=N_("Import an ad cost export (spend per day x campaign) into the store.")
)
def import_costs(
    file: Annotated[str, typer.Argument(help=N_("CSV, TSV or XLSX export of an ad platform."))],
    *,
    source: Annotated[
        str,
        typer.Option(
            "--source",
            help=help_text(
                N_("Which platform wrote the file: {platforms}."),
                platforms=", ".join(COST_PLATFORMS),
            ),
        ),
    ] = "auto",
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency", help=N_("Currency of the costs (default: the file's, else RUB).")
        ),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            help=N_(
                "utm_source the platform's links carry (default: yandex, vk, google, facebook)."
            ),
        ),
    ] = None,
    rates: RatesOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from pathlib import Path

    from journeymap.events.costs_import import CostFileError, read_cost_file
    from journeymap.store.costs_table import write_costs

    if source not in COST_PLATFORMS:
        fail(
            _("--source must be one of {names}, not {value!r}",
              names=", ".join(COST_PLATFORMS), value=source),
            code=EXIT_USAGE,
        )  # fmt: skip
    if not Path(file).is_file():
        fail(_("cannot read {path}: no such file", path=file), code=EXIT_USAGE)
    try:
        read = read_cost_file(file, platform=source, currency=currency, channel=channel)
    except CostFileError as error:
        fail(str(error), hint=error.hint)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        fail(_("cannot read {path}: {error}", path=file, error=str(error)))
    rows = [
        {k: getattr(r, k) for k in ("day", "platform", "channel", "campaign", "campaign_id",
                                    "ad_group", "source", "medium", "impressions", "clicks",
                                    "cost", "currency")}
        for r in read.rows
    ]  # fmt: skip
    if rates is not None:
        rows = _converted(rows, rates)
    with open_store(store) as opened:
        written = write_costs(opened, rows)
    summary = {
        "file": file,
        "platform": read.platform,
        "rows_stored": written.stored,
        "rows_replaced": written.replaced,
        "rows_rejected": len(read.rejected),
        "summary_rows_skipped": read.summary_rows,
        "total_cost": read.total_cost,
        "rejected": [
            {"row": r.row_number, "reason": r.reason, "raw": r.raw} for r in read.rejected
        ],
    }
    if as_json:
        print_json(summary)
    else:
        _print_summary(file, read.platform, written.stored, written.replaced, read.total_cost)
        for rejected in read.rejected:
            console.print(
                _("  line {row}: {reason}", row=rejected.row_number, reason=rejected.reason),
                markup=False,
            )
    if read.rejected:
        raise typer.Exit(EXIT_FINDINGS)


def _converted(rows: list[dict[str, object]], path: str) -> list[dict[str, object]]:
    """Cost rows in the currency of the rates file (`--rates`): stored converted."""
    from journeymap.cli.cost_settings import load_rates
    from journeymap.events.currency_rates import CurrencyError

    rates = load_rates(path)
    if rates is None:
        return rows
    try:
        return [
            {**row, "cost": float(row["cost"] or 0.0) * rates.rate(str(row["currency"] or "")),  # type: ignore[arg-type]
             "currency": rates.target}
            for row in rows
        ]  # fmt: skip
    except CurrencyError as error:
        fail(str(error), code=EXIT_USAGE)


def _print_summary(file: str, platform: str, stored: int, replaced: int, total: float) -> None:
    from journeymap.i18n import format_number

    console.print(
        _("{file} ({platform}): {stored} cost rows stored ({replaced} replaced), spend {total}",
          file=file, platform=platform, stored=format_number(stored),
          replaced=format_number(replaced),
          total=format_number(total, decimals=2)),
        markup=False,
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(costs_app, name="costs")
