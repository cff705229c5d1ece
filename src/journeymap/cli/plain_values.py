"""Text and flag values taken as typed, without a pydantic validator.

Recent Typer checks every value given on the command line with a pydantic `TypeAdapter`, built
the first time a parameter gets a value. For text (`str`, a list of `str`) and flags that check
returns the value unchanged, but building it imports pydantic and creates a validator:
`journeymap --lang ru --help` loaded pydantic for `--lang` and `--help` alone (0.05 s and more),
and every command paid it for its text options. Here those parameters get a check that passes
such values through and hands any other value to Typer's own check, so what a command receives,
and every error, is unchanged. Typers without this mechanism are left alone.
"""

from __future__ import annotations

from typing import Any

import typer

try:  # Typer's runtime coercion (0.2x); older Typers coerce with Click's types
    from typer._coercion import RuntimeParam, build_runtime_param
except ImportError:  # pragma: no cover - depends on the installed Typer
    HAS_RUNTIME_PARAMS = False
else:
    HAS_RUNTIME_PARAMS = True

    class PlainParam(RuntimeParam):
        """A `str`, `list[str]` or `bool` parameter: such values pass as typed."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.annotation in (str, bool) and isinstance(value, self.annotation):
                return value
            if (
                self.annotation == list[str]
                and isinstance(value, list | tuple)
                and all(isinstance(item, str) for item in value)
            ):
                return list(value)
            typer_check = build_runtime_param(param.type_descriptor)
            return typer_check._coerce_value(value, param=param, ctx=ctx)


PLAIN = (str, bool, list[str])
"""The annotations whose values pass through."""


def _is_plain(descriptor: Any) -> bool:
    return (
        descriptor.parameter_info.parser is None
        and descriptor.file_annotation is None
        and any(descriptor.annotation == plain for plain in PLAIN)
    )


def take_values_as_typed(command: Any) -> None:
    """Give the plain parameters of `command` (its help option included) and of every command
    below it the pass-through check."""
    if not HAS_RUNTIME_PARAMS:  # pragma: no cover - depends on the installed Typer
        return
    for param in [*command.params, command.get_help_option(typer.Context(command))]:
        descriptor = getattr(param, "type_descriptor", None)
        if (
            descriptor is not None
            and getattr(param, "_runtime_param", False) is None  # Typer's, not built yet
            and _is_plain(descriptor)
        ):
            param._runtime_param = PlainParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
    for sub in getattr(command, "commands", {}).values():
        take_values_as_typed(sub)
