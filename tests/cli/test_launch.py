"""The console script starts `validate` and `schema` with their own module only, and answers
as the whole command tree does."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.cli.command_scope import scoped_app
from journeymap.cli.launch import COMMAND_MODULES, command_app

EXAMPLE_MAP = Path(__file__).resolve().parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml"


def test_each_listed_command_lives_in_its_listed_module() -> None:
    modules = {
        info.name or info.callback.__name__: info.callback.__module__
        for info in app.registered_commands
        if info.callback is not None
    }
    for name, module in COMMAND_MODULES.items():
        assert modules[name] == f"journeymap.cli.{module}"


def test_other_commands_and_the_root_help_get_the_whole_tree() -> None:
    for args in (["--help"], [], ["lint", "x.yaml"], ["valdate"], ["--lang", "validate"]):
        assert command_app(args) is None


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(EXAMPLE_MAP)],
        ["validate", "--json", str(EXAMPLE_MAP)],
        ["validate", "--help"],
        ["--lang", "ru", "validate", "--help"],
        ["--lang", "ru", "validate", "no-such-map.yaml"],
        ["validate", "--bogus"],
        ["schema", "--format", "bogus"],
    ],
)
def test_the_quick_start_answers_as_the_whole_tree(args: list[str]) -> None:
    quick = command_app(args)
    assert quick is not None
    assert [info.callback.__module__ for info in quick.registered_commands if info.callback] == [
        "journeymap.cli.maps_cmd"
    ]
    runner = CliRunner()
    mine = runner.invoke(quick, args, env={"COLUMNS": "100"})
    whole = runner.invoke(scoped_app(app, args), args, env={"COLUMNS": "100"})
    assert (mine.exit_code, mine.output) == (whole.exit_code, whole.output)
    assert mine.output
