"""Help in the user's language: `journeymap --lang ru analyze funnel --help` answers in Russian.

Typer reads help texts when the command tree is built, before `--lang` is parsed, so each text
is kept as its message id (the English text, marked with `N_()` where it is written) and
translated when help is shown, in the language of that moment. `--help` is eager (Click handles
it before any other option), so the root group reads `--lang` from the raw arguments first.
Texts not in the catalog yet stay English.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer
from typer._click.formatting import HelpFormatter as ClickHelpFormatter  # Typer's own Click

from journeymap.cli.rich_help import rich_utils as load_rich_utils
from journeymap.i18n import N_, gettext, supported

_ID = "_journeymap_help_id"
_SHORT_ID = "_journeymap_short_help_id"
HELP_OPTION_HELP = N_("Show this message and exit.")
"""Click's text for `--help`, translated here with the rest."""
TYPER_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {value}]"),
    "ENVVAR_STRING": N_("[env var: {value}]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
"""Typer's words around the help (module constants of `typer.rich_utils`, read when help is
drawn), by constant name. Typer has no catalog of its own; its English is the message id. Typer
fills `{}`; the catalog names it `{value}` (its checks want named placeholders)."""


_WITH_VALUES: dict[str, tuple[str, dict[str, object]]] = {}
"""Help texts with values, by their English text (Typer keeps only a plain string)."""


def help_text(message_id: str, /, **values: object) -> str:
    """`help=help_text(N_("One of: {formats}."), formats=...)`: a help text with `{name}` values
    (a list of formats, of models), English now and translated with its values when shown."""
    text = message_id.format(**values)
    _WITH_VALUES[text] = (message_id, values)
    return text


def _translate(help_id: str) -> str:
    found = _WITH_VALUES.get(help_id)
    if found is None:
        return gettext(help_id)
    message_id, values = found
    return gettext(message_id, **values)


USAGE_PREFIX = N_("Usage:")
"""Click's word before the usage line."""


class HelpFormatter(ClickHelpFormatter):
    """Click's formatter with `Usage:` in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = gettext(USAGE_PREFIX) + " "
        super().write_usage(prog, args, prefix)


class HelpContext(typer.Context):
    """A context that translates its command's help (and its subcommands' summaries) on show."""

    formatter_class = HelpFormatter

    def get_help(self) -> str:
        translate_help(self.command)
        _translate_typer_texts()
        return super().get_help()


def _translate_typer_texts() -> None:
    try:
        rich_utils = load_rich_utils()
    except ImportError:  # Typer without Rich prints plain help: nothing to translate
        return
    for name, message in TYPER_TEXTS.items():
        setattr(rich_utils, name, gettext(message).replace("{value}", "{}"))


def keep_help_ids(command: Any) -> None:
    """Remember the untranslated help of `command` and its options, and show help through
    `HelpContext` (called once per command while the tree is tidied)."""
    command.context_class = HelpContext
    setattr(command, _ID, command.help)
    setattr(command, _SHORT_ID, command.short_help)
    for param in command.params:
        setattr(param, _ID, getattr(param, "help", None))


def translate_help(command: Any) -> None:
    """Set the help of `command`, its options and every command below it in the current
    language (idempotent: always from the remembered ids)."""
    if hasattr(command, _ID):
        help_id, short_id = getattr(command, _ID), getattr(command, _SHORT_ID)
        command.help = _translate(help_id) if help_id else help_id
        if short_id:
            command.short_help = gettext(short_id)
        elif command.help:  # the first paragraph on one line (see help_format)
            command.short_help = " ".join(command.help.split("\n\n")[0].split())
        for param in command.params:
            param_id = getattr(param, _ID, None)
            if param_id:
                param.help = _translate(param_id)
        help_option = command.get_help_option(typer.Context(command))
        if help_option is not None:
            help_option.help = gettext(HELP_OPTION_HELP)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def requested_language(args: Sequence[str]) -> str | None:
    """The language of `--lang X` / `--lang=X` among the root options (None if absent or
    unsupported: the option's own check reports that)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            return supported(args[index + 1])
        if arg.startswith("--lang="):
            return supported(arg.split("=", 1)[1])
        if not arg.startswith("-"):
            break  # the command: `--lang` is an option of journeymap itself
    return None
