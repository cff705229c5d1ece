"""Shared output helpers: one console, JSON for scripts, exit codes 0 ok / 1 findings / 2 usage."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from journeymap.model.problems import MapError

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

JsonOption = Annotated[bool, typer.Option("--json", help=N_("Print the result as JSON."))]
"""The `--json` flag of commands that return data."""


def print_json(data: Any) -> None:
    """Write JSON to stdout (no Rich markup, stable for scripts)."""
    import json  # here: the help needs no JSON (start-up)

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def error_line(message: str) -> str:
    """`error: message` as Rich markup, the label in the current language."""
    label = escape(_("error:"))
    return f"[red]{label}[/red] {escape(message)}"


def fail(message: str, *, hint: str | None = None, code: int = EXIT_FINDINGS) -> NoReturn:
    err_console.print(error_line(message), markup=True)
    if hint:
        label = escape(_("hint:"))
        err_console.print(f"[dim]{label}[/dim] {escape(hint)}", markup=True)
    raise typer.Exit(code)


def one_of(value: str, names: Sequence[str], option: str) -> str:
    """`value` when it is one of `names`; otherwise a usage error naming `option` and them."""
    if value not in names:
        fail(
            _(
                "{option} must be one of {names}, not {value!r}",
                option=option,
                names=", ".join(names),
                value=value,
            ),
            code=EXIT_USAGE,
        )
    return value


def report_map_error(error: MapError) -> NoReturn:
    for problem in error.problems:
        err_console.print(error_line(str(problem)), markup=True)
    raise typer.Exit(EXIT_FINDINGS)


def resolve_map_paths(paths: list[str] | None) -> list[str]:
    """The given paths (folders expanded to their maps), or every map of the current workspace."""
    from pathlib import Path

    from journeymap.cli.workspace_language import workspace_root

    if paths:
        found: list[str] = []
        for raw in paths:
            path = Path(raw)
            if not path.is_dir():
                found.append(raw)
            elif (path / "journeymap.toml").is_file():
                found += [str(p) for p in _workspace_maps(path.resolve())]
            else:
                found += [str(p) for p in sorted(path.rglob("*")) if p.suffix in (".yaml", ".yml")]
        return found
    root = workspace_root()
    if root is None:
        fail(
            _("no map given and no journeymap.toml in this folder or above"),
            hint=_("pass map files (journeymap validate maps/shop.yaml) or run `journeymap init`"),
            code=EXIT_USAGE,
        )
    return [str(p) for p in _workspace_maps(root)]


def _workspace_maps(root: Path) -> list[Path]:
    """The maps of the workspace at `root`: listed without pydantic when its journeymap.toml is
    plainly valid (`quick_workspace_maps`), else loaded the full way, which reports its errors."""
    from journeymap.model.quick_check import quick_workspace_maps

    quick = quick_workspace_maps(root)
    if quick is not None:
        return quick
    from journeymap.model.problems import MapError
    from journeymap.model.workspace import load_workspace

    try:
        return load_workspace(root).map_paths()
    except MapError as error:  # a broken journeymap.toml: its problems, not a traceback
        report_map_error(error)
