"""`journeymap stats`: what the store holds."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import console, print_json
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.cli.tables import print_table
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _

TOP_NAMES = 15


def stats(
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Print the statistics as JSON."))
    ] = False,
) -> None:
    from journeymap.store import store_stats

    with open_store(store) as opened:
        data = store_stats(opened)
    if as_json:
        print_json(data)
        return
    _print(data)


def _print(data: dict[str, Any]) -> None:
    console.print(
        _(
            "[bold]store[/bold] {store} (schema v{version})",
            store=escape(data["store"]),
            version=data["schema_version"],
        )
    )
    console.print(
        _(
            "events {events} · persons {persons} · identities {identities} · "
            "quarantined {quarantined}",
            events=format_number(data["events"]),
            persons=format_number(data["persons"]),
            identities=format_number(data["identities"]),
            quarantined=format_number(data["quarantined"]["total"]),
        )
    )
    if data["first_timestamp"]:
        console.print(
            _(
                "time range {first} … {last} (UTC)",
                first=data["first_timestamp"],
                last=data["last_timestamp"],
            )
        )
    names = Table(_("event"), _("count"), title=_("Event names"), title_justify="left")
    for name, count in list(data["event_names"].items())[:TOP_NAMES]:
        names.add_row(escape(str(name)), format_number(count))
    if len(data["event_names"]) > TOP_NAMES:
        more = format_number(len(data["event_names"]) - TOP_NAMES)
        names.add_row(_("… {count} more", count=more), "")
    if data["event_names"]:
        print_table(names)
    if data["quarantined"]["total"]:
        reasons = Table(_("reason"), _("rows"), title=_("Quarantine"), title_justify="left")
        for reason, count in data["quarantined"]["by_reason"].items():
            reasons.add_row(escape(reason), format_number(count))
        print_table(reasons)
    if data["imports"]:
        imports = Table(title=_("Imports"), title_justify="left")
        imports.add_column(_("finished"))
        imports.add_column(_("file"))
        imports.add_column(_("format"))
        for column in (N_("read"), N_("stored"), N_("duplicates"), N_("quarantined")):
            imports.add_column(_(column), justify="right", no_wrap=True)
        for row in data["imports"]:
            imports.add_row(
                str(row["finished_at"])[:19],
                escape(row["file"]),
                row["format"],
                format_number(row["rows_read"]),
                format_number(row["rows_stored"]),
                format_number(row["rows_duplicate"]),
                format_number(row["rows_quarantined"]),
            )
        print_table(imports)


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Show events, persons, identities, quarantined rows, event names, time range, imports."
        )
    )(stats)
