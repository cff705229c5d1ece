"""Build only the part of the command tree that this run can reach.

Typer turns every registered function into a Click command (reading each parameter) whenever the
program starts: 46 commands, about 0.02 s, a tenth of `journeymap --help`. A run reaches one top
command at most, so the console script builds a copy of the app scoped to it:

- `journeymap validate ...`, `journeymap analyze ...`: only that command or group;
- no command (`journeymap --help`, `--version`, no arguments): every top command, and the
  groups without their subcommands (the root help lists the groups, not what is inside them);
- a name that is not a command: the whole tree, so that Click's error and its suggestions are
  what they always were.

`journeymap.cli.app.app` itself stays whole (tests and other callers build all of it); the help
and the commands read the same either way (tests/cli/test_command_scope.py).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import typer
from typer.main import get_command_name
from typer.models import CommandInfo, TyperInfo

ROOT_OPTIONS_WITH_A_VALUE = frozenset({"--lang"})
"""The options of `journeymap` itself that take a value (`--lang ru`): skipped to find the
command."""


def requested_command(args: Sequence[str]) -> str | None:
    """The first command name in `args`, after the options of `journeymap` itself."""
    skip_value = False
    for arg in args:
        if skip_value:
            skip_value = False
        elif arg in ROOT_OPTIONS_WITH_A_VALUE:
            skip_value = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def _command_name(info: CommandInfo) -> str | None:
    if info.name:
        return info.name
    return get_command_name(info.callback.__name__) if info.callback else None


def _group_name(info: TyperInfo) -> str | None:
    if isinstance(info.name, str):
        return info.name
    inner = info.typer_instance.info.name if info.typer_instance else None
    return inner if isinstance(inner, str) else None


def _without_subcommands(info: TyperInfo) -> TyperInfo:
    if info.typer_instance is None:
        return info
    group = copy.copy(info.typer_instance)
    group.registered_commands = []
    group.registered_groups = []
    scoped = copy.copy(info)
    scoped.typer_instance = group
    return scoped


def scoped_app(app: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """A copy of `app` holding only what `journeymap ARGS` can reach (see the module's text)."""
    if app.registered_callback is None:  # a single-command app is built differently: keep it
        return app
    name = requested_command(args)
    commands = [info for info in app.registered_commands if _command_name(info) is not None]
    groups = [info for info in app.registered_groups if _group_name(info) is not None]
    if len(commands) < len(app.registered_commands) or len(groups) < len(app.registered_groups):
        return app  # a name Typer derives some other way: build it all
    scoped = copy.copy(app)
    if name is None:
        scoped.registered_groups = [_without_subcommands(info) for info in groups]
        return scoped
    scoped.registered_commands = [info for info in commands if _command_name(info) == name]
    scoped.registered_groups = [info for info in groups if _group_name(info) == name]
    if not scoped.registered_commands and not scoped.registered_groups:
        return app  # not a command: Click's own error, with its suggestions
    return scoped
