"""Cost settings for commands: `--rates FILE`, else the workspace's `[costs]` table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap.cli.output import EXIT_USAGE, fail
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.analytics.costs.kpi_costs import CostSettings
    from journeymap.events.currency_rates import Rates
    from journeymap.model.workspace import Workspace
    from journeymap.store import Store

RatesOption = Annotated[
    str | None,
    typer.Option(
        "--rates",
        help=N_(
            "Currency rates file (currency,rate,to) converting costs and revenue into one "
            "currency; default: [costs] rates of journeymap.toml."
        ),
    ),
]


def load_rates(path: str | None, workspace: Workspace | None = None) -> Rates | None:
    """The rates of `path`, else of the workspace's `[costs] rates`; None when neither."""
    from journeymap.events.currency_rates import CurrencyError, read_rates

    if path is None and workspace is not None and workspace.config.costs.rates:
        path = str(workspace.root / workspace.config.costs.rates)
    if path is None:
        return None
    if not Path(path).is_file():
        fail(_("cannot read {path}: no such file", path=path), code=EXIT_USAGE)
    try:
        return read_rates(path)
    except CurrencyError as error:
        fail(str(error), code=EXIT_USAGE)


def cost_settings(
    store: Store, workspace: Workspace | None, rates_path: str | None = None
) -> CostSettings:
    """The store's costs with the workspace's attribution model and rates."""
    from journeymap.analytics.costs import canonical_model
    from journeymap.analytics.costs.kpi_costs import CostSettings

    model = canonical_model(workspace.config.costs.model) if workspace else "linear"
    return CostSettings(store.table("costs"), model=model, rates=load_rates(rates_path, workspace))


def current_workspace() -> Workspace | None:
    from journeymap.model.problems import MapError
    from journeymap.model.workspace import find_workspace

    try:
        return find_workspace()
    except MapError:
        return None
