"""The Typer application: every command module registers itself here.

Command modules import only Typer, Rich and light modules at the top; the library they call is
imported inside each command, so that `journeymap --help` and `journeymap validate` start at
once (tests/cli/test_startup.py checks which libraries `import journeymap.cli.app` loads).
"""

from __future__ import annotations

from typing import Annotated

import typer

import journeymap
from journeymap.cli import (  # one command module per line; keep sorted
    analyze_cmd,
    analyze_more_cmd,
    demo_cmd,
    diff_cmd,
    feedback_cmd,
    ingest_cmd,
    init_cmd,
    lint_cmd,
    maps_cmd,
    optimize_cmd,
    render_cmd,
    report_cmd,
    simulate_cmd,
    stats_cmd,
)
from journeymap.cli.annotations import resolve_annotations
from journeymap.cli.help_format import TidyHelpGroup

app = typer.Typer(
    name="journeymap",
    help="Customer Journey Maps as code, measured from real events.",
    cls=TidyHelpGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"journeymap {journeymap.__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(  # the options of `journeymap` itself, before the command
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    pass


for module in (  # one command module per line
    analyze_cmd,
    analyze_more_cmd,
    demo_cmd,
    diff_cmd,
    feedback_cmd,
    ingest_cmd,
    init_cmd,
    lint_cmd,
    maps_cmd,
    optimize_cmd,
    render_cmd,
    report_cmd,
    simulate_cmd,
    stats_cmd,
):
    module.register(app)
resolve_annotations(app)  # after every command is registered


def main() -> None:
    app()
