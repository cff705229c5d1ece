"""Opening the store for a command: `--store URL`, else the workspace's, else a usage error."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from journeymap.cli.output import EXIT_USAGE, fail
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.store import Store

STORE_HELP = N_(
    "Store URL: duckdb://PATH, duckdb://:memory: or pyspark://...; "
    "default: the store of the workspace (journeymap.toml)."
)


def open_store(url: str | None) -> Store:
    """The store at `url`, or the current workspace's; exits with a clear message otherwise."""
    from journeymap.model.problems import MapError
    from journeymap.model.workspace import find_workspace
    from journeymap.store import Store, StoreError

    try:
        if url:
            return Store.open(url)
        workspace = find_workspace()
    except MapError as error:
        fail(str(error.problems[0]) if error.problems else _("invalid journeymap.toml"))
    except StoreError as error:
        fail(str(error), code=EXIT_USAGE)
    if workspace is None:
        fail(
            _("no store: no journeymap.toml in this folder or above and no --store given"),
            hint=_("pass --store duckdb://events.duckdb, or run `journeymap init` first"),
            code=EXIT_USAGE,
        )
    try:
        return Store.open(workspace)
    except StoreError as error:
        fail(str(error), code=EXIT_USAGE)


StoreOption = Annotated[str | None, typer.Option("--store", help=STORE_HELP)]
"""The `--store URL` option every command that reads the store takes."""
