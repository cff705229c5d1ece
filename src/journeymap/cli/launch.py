"""The console script: a command whose module is known starts with that module alone.

`journeymap.cli.app` imports every command module (about 0.05 s of CPU, as much as half of the
floor `import typer, rich.console`); `journeymap validate MAP` needs one of them. For the
commands in `COMMAND_MODULES` the console script registers only their module on the root
command; anything else (the root help, an unknown name, the other commands) goes to the whole
tree as before. The answers are the same either way (tests/cli/test_launch.py).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import typer

from journeymap.cli.command_scope import requested_command

COMMAND_MODULES = {"validate": "maps_cmd", "schema": "maps_cmd"}
"""Command name -> the module of journeymap.cli that registers it (checked by the tests)."""


def command_app(args: Sequence[str]) -> typer.Typer | None:
    """The root command with only the module of the command `args` ask for; None when that
    command is not in `COMMAND_MODULES`."""
    module = COMMAND_MODULES.get(requested_command(args) or "")
    if module is None:
        return None
    from journeymap.cli.annotations import resolve_annotations
    from journeymap.cli.command_scope import scoped_app
    from journeymap.cli.root import root_app

    app = root_app()
    importlib.import_module(f"journeymap.cli.{module}").register(app)
    resolve_annotations(app)
    return scoped_app(app, args)


def main() -> None:
    app = command_app(sys.argv[1:])
    if app is None:
        from journeymap.cli.app import main as whole_tree

        whole_tree()
    else:
        app()
