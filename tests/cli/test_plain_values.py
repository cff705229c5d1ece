"""Text and flag values pass as typed, and exactly as Typer's own check would give them."""

from __future__ import annotations

from typing import Any

import pytest
import typer
import typer.main

from journeymap.cli.app import app
from journeymap.cli.plain_values import HAS_RUNTIME_PARAMS

pytestmark = pytest.mark.skipif(not HAS_RUNTIME_PARAMS, reason="this Typer coerces with Click")


def _params() -> dict[str, Any]:
    """Every parameter of the command tree, by `command path/parameter name`."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: str) -> None:
        for param in [*command.params, command.get_help_option(typer.Context(command))]:
            found[f"{path}/{param.name}"] = param
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "journeymap")
    return found


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("journeymap/lang", ["ru", " en ", ""]),
        ("journeymap validate/paths", [("a.yaml", "b.yaml"), ["a.yaml"], ()]),
        ("journeymap validate/as_json", [True, False, "true", "no"]),
        ("journeymap validate/help", [True, False]),
    ],
)
def test_a_plain_value_is_what_typers_own_check_gives(name: str, values: list[Any]) -> None:
    from typer._coercion import build_runtime_param

    param = _params()[name]
    assert type(param._runtime_param).__name__ == "PlainParam"
    ctx = typer.Context(typer.main.get_command(app))
    typers_own = build_runtime_param(param.type_descriptor)
    for value in values:
        ours = param._runtime_param.coerce(value, param=param, ctx=ctx)
        assert ours == typers_own.coerce(value, param=param, ctx=ctx)
        assert type(ours) is type(typers_own.coerce(value, param=param, ctx=ctx))


def test_numbers_paths_and_choices_keep_typers_check() -> None:
    params = _params()
    kinds = {param.type_descriptor.annotation for param in params.values()}
    assert int in kinds  # the check is real: the tree has numbers
    for param in params.values():
        annotation = param.type_descriptor.annotation
        plain = annotation in (str, bool) or annotation == list[str]
        assert (param._runtime_param is not None) == plain, param.name
