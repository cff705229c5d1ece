"""The `journeymap` command itself, before any command is registered: its help, its help
layout and its own options (`--version`, `--lang`). Shared by the whole command tree
(`journeymap.cli.app`) and the quick start of one command (`journeymap.cli.launch`)."""

from __future__ import annotations

import typer

from journeymap.cli import global_options
from journeymap.cli.help_format import TidyHelpGroup
from journeymap.i18n import N_


def root_app() -> typer.Typer:
    """A `journeymap` with no command yet."""
    app = typer.Typer(
        name="journeymap",
        help=N_("Customer Journey Maps as code, measured from real events."),
        cls=TidyHelpGroup,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    global_options.register(app)  # --version, --lang
    return app
