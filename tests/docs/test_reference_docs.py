"""Docs stay true: the format reference is generated, every command and config key documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer.main

from journeymap.cli.app import app
from journeymap.model.reference import format_reference
from journeymap.model.workspace import WorkspaceConfig

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_map_format_reference_is_up_to_date() -> None:
    expected = format_reference("en")
    actual = (DOCS / "map-format.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "regenerate: journeymap --lang en schema --format markdown > docs/map-format.md"
    )


def test_russian_map_format_reference_is_up_to_date() -> None:
    expected = format_reference("ru")
    actual = (DOCS / "ru" / "map-format-reference.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "regenerate: journeymap --lang ru schema --format markdown "
        "> docs/ru/map-format-reference.md"
    )


def _commands(group: Any, prefix: str) -> list[tuple[str, Any]]:
    # typer >= 0.20 vendors click, so walk by duck typing instead of isinstance(click.Group).
    found = []
    if hasattr(group, "commands"):
        for name, command in group.commands.items():
            found += _commands(command, f"{prefix} {name}")
    else:
        found.append((prefix, group))
    return found


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (journeymap[^\n]*)$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_cli_command_and_option_is_documented() -> None:
    sections = _sections((DOCS / "cli.md").read_text(encoding="utf-8"))
    missing = []
    for name, command in _commands(typer.main.get_command(app), "journeymap"):
        section = sections.get(name)
        if section is None:
            missing.append(f"section '## {name}'")
            continue
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option":
                longest = max(param.opts, key=len)
                if longest not in section:
                    missing.append(f"{name}: option {longest}")
            elif param.name and param.name.upper() not in section:
                missing.append(f"{name}: argument {param.name.upper()}")
    assert not missing, "docs/cli.md lacks: " + "; ".join(missing)


def test_every_global_option_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    options = [p for p in group.params if getattr(p, "param_type_name", "") == "option"]
    missing = [max(p.opts, key=len) for p in options if max(p.opts, key=len) not in text]
    assert not missing, "docs/cli.md lacks the global options " + ", ".join(missing)


def test_every_workspace_config_key_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [key for key in WorkspaceConfig.model_fields if f"`{key}`" not in text]
    assert not missing
