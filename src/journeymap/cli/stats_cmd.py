"""`journeymap stats`: what the store holds."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import console, print_json
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.cli.tables import print_table

TOP_NAMES = 15


def stats(
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the statistics as JSON.")] = False,
) -> None:
    """Show events, persons, identities, quarantined rows, event names, time range, imports."""
    from journeymap.store import store_stats

    with open_store(store) as opened:
        data = store_stats(opened)
    if as_json:
        print_json(data)
        return
    _print(data)


def _print(data: dict[str, Any]) -> None:
    console.print(f"[bold]store[/bold] {escape(data['store'])} (schema v{data['schema_version']})")
    console.print(
        f"events {data['events']:,} · persons {data['persons']:,} · "
        f"identities {data['identities']:,} · quarantined {data['quarantined']['total']:,}"
    )
    if data["first_timestamp"]:
        console.print(f"time range {data['first_timestamp']} … {data['last_timestamp']} (UTC)")
    names = Table("event", "count", title="Event names", title_justify="left")
    for name, count in list(data["event_names"].items())[:TOP_NAMES]:
        names.add_row(escape(str(name)), f"{count:,}")
    if len(data["event_names"]) > TOP_NAMES:
        names.add_row(f"… {len(data['event_names']) - TOP_NAMES} more", "")
    if data["event_names"]:
        print_table(names)
    if data["quarantined"]["total"]:
        reasons = Table("reason", "rows", title="Quarantine", title_justify="left")
        for reason, count in data["quarantined"]["by_reason"].items():
            reasons.add_row(escape(reason), f"{count:,}")
        print_table(reasons)
    if data["imports"]:
        imports = Table(title="Imports", title_justify="left")
        imports.add_column("finished")
        imports.add_column("file")
        imports.add_column("format")
        for column in ("read", "stored", "duplicates", "quarantined"):
            imports.add_column(column, justify="right", no_wrap=True)
        for row in data["imports"]:
            imports.add_row(
                str(row["finished_at"])[:19],
                escape(row["file"]),
                row["format"],
                f"{row['rows_read']:,}",
                f"{row['rows_stored']:,}",
                f"{row['rows_duplicate']:,}",
                f"{row['rows_quarantined']:,}",
            )
        print_table(imports)


def register(app: typer.Typer) -> None:
    app.command()(stats)
