"""The `journeymap analyze` command group; command modules add their commands to it."""

from __future__ import annotations

import typer

analyze_app = typer.Typer(
    name="analyze",
    help="Measure the journey from events: funnels, paths, transitions, stages, attribution.",
    no_args_is_help=True,
)
