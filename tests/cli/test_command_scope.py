"""The console script builds only the commands a run can reach, and every answer is the one the
whole command tree gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.cli.command_scope import requested_command, scoped_app

EXAMPLE_MAP = Path(__file__).resolve().parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml"


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["validate", "a.yaml"], "validate"),
        (["--lang", "ru", "analyze", "funnel"], "analyze"),
        (["--lang=ru", "lint"], "lint"),
        (["--lang", "validate"], None),  # `validate` is the value of --lang here
        (["--help"], None),
        ([], None),
        (["--", "validate"], None),
    ],
)
def test_the_requested_command_follows_the_root_options(
    args: list[str], command: str | None
) -> None:
    assert requested_command(args) == command


def test_a_command_run_builds_that_command_only() -> None:
    scoped = scoped_app(app, ["validate", "a.yaml"])
    assert [info.callback.__name__ for info in scoped.registered_commands if info.callback] == [
        "validate"
    ]
    assert scoped.registered_groups == []
    analyze = scoped_app(app, ["analyze", "funnel", "--help"])
    assert analyze.registered_commands == []
    assert [info.name for info in analyze.registered_groups] == ["analyze"]
    assert len(app.registered_commands) > 10  # the app itself stays whole


def test_the_root_help_builds_the_groups_without_their_subcommands() -> None:
    scoped = scoped_app(app, ["--help"])
    assert scoped.registered_commands == app.registered_commands
    assert len(scoped.registered_groups) == len(app.registered_groups) > 3
    for info in scoped.registered_groups:
        assert info.typer_instance is not None
        assert info.typer_instance.registered_commands == []
    assert any(info.typer_instance.registered_commands for info in app.registered_groups)


def test_an_unknown_command_gets_the_whole_tree() -> None:
    assert scoped_app(app, ["valdate", "x"]) is app


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--lang", "ru", "--help"],
        ["--version"],
        ["analyze", "--help"],
        ["--lang", "ru", "analyze", "funnel", "--help"],
        ["keys"],
        ["validate", str(EXAMPLE_MAP)],
        ["validate", "--json", str(EXAMPLE_MAP)],
        ["--lang", "ru", "validate", "missing.yaml"],
        ["valdate", "x"],
        ["analyze", "funel"],
        ["--lang", "xx", "lint"],
    ],
)
def test_the_scoped_tree_answers_as_the_whole_one(args: list[str]) -> None:
    whole = CliRunner().invoke(app, args)
    scoped = CliRunner().invoke(scoped_app(app, args), args)
    assert (scoped.exit_code, scoped.output) == (whole.exit_code, whole.output)
    assert whole.output  # the check is real: something was said
