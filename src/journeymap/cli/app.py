"""The Typer application: every command module registers itself here."""

from __future__ import annotations

import typer

from journeymap.cli import (  # one command module per line; keep sorted
    analyze_cmd,
    analyze_more_cmd,
    demo_cmd,
    diff_cmd,
    evaluate_cmd,
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

app = typer.Typer(
    name="journeymap",
    help="Customer Journey Maps as code, measured from real events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (  # one command module per line
    analyze_cmd,
    analyze_more_cmd,
    demo_cmd,
    diff_cmd,
    evaluate_cmd,
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


def main() -> None:
    app()
