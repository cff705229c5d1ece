"""The Typer application: every command module registers itself here.

Command modules import only Typer, Rich and light modules at the top; the library they call is
imported inside each command, so that `journeymap --help` and `journeymap validate` start at
once (tests/cli/test_startup.py checks which libraries `import journeymap.cli.app` loads).
"""

from __future__ import annotations

import sys

from journeymap.cli import (  # one command module per line; keep sorted
    analyze_cmd,
    analyze_more_cmd,
    automations_cmd,
    automations_effect_cmd,
    costs_cmd,
    demo_cmd,
    diff_cmd,
    evaluate_cmd,
    experiment_cmd,
    feedback_cmd,
    ingest_cmd,
    init_cmd,
    keys_cmd,
    lint_cmd,
    maps_cmd,
    optimize_cmd,
    privacy_cmd,
    profiles_cmd,
    recommend_cmd,
    render_cmd,
    report_cmd,
    roi_cmd,
    serve_cmd,
    simulate_cmd,
    stats_cmd,
    web_cmd,
)
from journeymap.cli.annotations import resolve_annotations
from journeymap.cli.command_scope import scoped_app
from journeymap.cli.root import root_app

app = root_app()  # --version, --lang; the console script starts in journeymap.cli.launch

for module in (  # one command module per line
    analyze_cmd,
    analyze_more_cmd,
    automations_cmd,
    automations_effect_cmd,
    costs_cmd,
    demo_cmd,
    diff_cmd,
    evaluate_cmd,
    experiment_cmd,
    feedback_cmd,
    ingest_cmd,
    init_cmd,
    keys_cmd,
    lint_cmd,
    maps_cmd,
    optimize_cmd,
    privacy_cmd,
    profiles_cmd,
    recommend_cmd,
    render_cmd,
    report_cmd,
    roi_cmd,
    serve_cmd,
    simulate_cmd,
    stats_cmd,
    web_cmd,
):
    module.register(app)
resolve_annotations(app)  # after every command is registered


def main() -> None:
    scoped_app(app, sys.argv[1:])()  # builds only the commands this run reaches (start-up)
