"""The `journeymap analyze` command group; command modules add their commands to it."""

from __future__ import annotations

import typer

from journeymap.i18n import N_

analyze_app = typer.Typer(
    name="analyze",
    help=N_("Measure the journey from events: funnels, paths, transitions, stages, attribution."),
    no_args_is_help=True,
)
