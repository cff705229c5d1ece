"""The options of `journeymap` itself, before the command: `--version` and `--lang`."""

from __future__ import annotations

from typing import Annotated

import typer

import journeymap
from journeymap.cli.language_option import LangOption, use_lang
from journeymap.i18n import N_


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"journeymap {journeymap.__version__}")
        raise typer.Exit()


def global_options(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help=N_("Print the version and exit."),
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Options that come before the command: `journeymap --lang ru lint`."""
    use_lang(ctx, lang)


def register(app: typer.Typer) -> None:
    app.callback()(global_options)
