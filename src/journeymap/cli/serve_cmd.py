"""`journeymap serve`: the collection API and its loader."""

from __future__ import annotations

from typing import Annotated

import typer

from journeymap.cli.output import EXIT_USAGE, err_console, fail
from journeymap.cli.service_access import service_settings
from journeymap.cli.store_access import StoreOption
from journeymap.i18n import N_
from journeymap.i18n import gettext as _


def serve(
    host: Annotated[str, typer.Option("--host", help=N_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help=N_("Port to listen on."))] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", help=N_("API worker processes (one loader in any case)."))
    ] = 1,
    read_port: Annotated[
        int | None,
        typer.Option(
            "--read-port",
            help=N_(
                "Also serve profiles and recommendations from a separate process on this port, "
                "from a state the loader's process exports (reads do not wait for collection)."
            ),
        ),
    ] = None,
    store: StoreOption = None,
) -> None:
    from journeymap.api.read_state import export_state
    from journeymap.service.server import serve as run

    if workers < 1:
        fail(_("--workers must be at least 1"), code=EXIT_USAGE)
    settings = service_settings(store)
    err_console.print(
        _(
            "journeymap serve on http://{host}:{port} (spool: {spool})",
            host=host,
            port=port,
            spool=settings.spool,
        )
    )
    if read_port is not None:
        if read_port == port:
            fail(_("--read-port must differ from --port"), code=EXIT_USAGE)
        err_console.print(_("reads on http://{host}:{port}", host=host, port=read_port))
    run(
        settings,
        host=host,
        port=port,
        workers=workers,
        read_port=read_port,
        export=lambda store, file: export_state(settings, store, file),
    )


def register(app: typer.Typer) -> None:
    app.command(
        help=N_("Serve the Segment-compatible collection API; one loader fills the store.")
    )(serve)
