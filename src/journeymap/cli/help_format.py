"""Help that reads well: no `<bool>` next to flags, every command summary in whole sentences.

Typer prints a type placeholder after every option, flags included (`--json <bool>`), and keeps
the line breaks of a docstring in the command list, so that a summary wraps in the middle of a
sentence. The root group tidies every command under it once, when the command tree is built.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup, TyperOption

from journeymap.cli.help_language import keep_help_ids, requested_language
from journeymap.cli.plain_values import take_values_as_typed
from journeymap.cli.workspace_language import configured_workspace_language
from journeymap.i18n import default_language, use_language


class TidyHelpGroup(TyperGroup):
    """The `journeymap` group: tidies the help of every command and group below it."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        tidy_help(self)
        take_values_as_typed(self)  # no pydantic validator for text and flags (start-up)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `--help` is eager: it is shown before `--lang` is handled, so read `--lang` first.
        # Without it the current folder's workspace `language` is the default of the run (a
        # map's own `language:` and the locale come after it; docs/i18n.md).
        language = requested_language(args)
        if language is not None:
            ctx.with_resource(use_language(language))
        else:
            ctx.with_resource(default_language(configured_workspace_language()))
        result: list[str] = super().parse_args(ctx, args)
        return result


def tidy_help(command: Any) -> None:  # a Click command (recent Typer vendors its own Click)
    """Drop the type placeholder of flags (the help option included) and join the first
    paragraph of the help into one line, for `command` and every command below it; keep each
    text's message id so that help is shown in the run's language (see help_language)."""
    keep_help_ids(command)  # before the summary below: help is translated when shown
    help_option = command.get_help_option(typer.Context(command))
    for param in [*command.params, help_option]:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # an empty placeholder: Typer then prints none
    if command.help and not command.short_help:
        first = command.help.split("\n\n")[0]
        command.short_help = " ".join(first.split())
    for sub in getattr(command, "commands", {}).values():
        tidy_help(sub)
