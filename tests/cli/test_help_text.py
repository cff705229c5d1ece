"""`journeymap --version` and help that reads well: no `<bool>` after flags, summaries that wrap
only at the terminal's edge."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

import journeymap
from journeymap.cli.app import app

runner = CliRunner()
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _commands(command: Any, path: list[str]) -> Iterator[list[str]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, [*path, name])


COMMAND_PATHS = list(_commands(typer.main.get_command(app), []))


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    version = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    assert version == journeymap.__version__
    assert result.output.strip() == f"journeymap {version}"


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "journeymap")
def test_help_shows_no_bool_placeholder(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert "<bool>" not in result.output
    assert "--help" in result.output


def test_flags_keep_their_help_and_options_their_types() -> None:
    result = runner.invoke(app, ["lint", "--help"], env={"COLUMNS": "120"})
    assert re.search(r"--strict\s+Exit 1 on warnings too", result.output)
    assert re.search(r"--today\s+<str>", result.output)


def test_command_summaries_wrap_only_at_the_edge() -> None:
    """A docstring's own line break (lint's, optimize's) must not cut the summary short: at 200
    columns every summary in the command list is one line."""
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    rows = [line for line in result.output.splitlines() if line.startswith("│ ")]
    lint = next(line for line in rows if line.startswith("│ lint "))
    assert "stages, touchpoints, barriers" in lint
    summaries = [line for line in rows if re.match(r"│ {2,}\S", line)]
    assert not summaries, f"a summary continues on its own line: {summaries}"
