"""`journeymap optimize`: cluster the store's events by person and time."""

from __future__ import annotations

from typing import Annotated

import typer

from journeymap.cli.output import console, fail, print_json
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _


def optimize(
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the result as JSON."))] = False,
) -> None:
    from journeymap.store import StoreError, cluster_events

    with open_store(store) as opened:
        try:
            done = cluster_events(opened)
        except StoreError as error:
            writable = "optimize needs the store open for writing: drop access_mode=read_only "
            writable += "and close other programs that have the file open"
            fail(str(error), hint=writable if opened.engine == "duckdb" else None)
    if as_json:
        print_json({"events": done.rows, "seconds": round(done.seconds, 3)})
        return
    console.print(
        _(
            "clustered {count} events by person and time in {seconds} s",
            count=format_number(done.rows),
            seconds=format_number(done.seconds, decimals=1),
        )
    )


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Rewrite the events in person and time order, which speeds up funnels, "
            "transitions, paths, variants and stage metrics by 7-18%. Run it after "
            "large imports (DuckDB stores)."
        )
    )(optimize)
