"""`journeymap validate` and `journeymap schema`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    console,
    err_console,
    fail,
    print_json,
    resolve_map_paths,
)

if TYPE_CHECKING:
    from journeymap.model.problems import Problem


def validate(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Map files or folders; default: the workspace.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Check map files against the schema and their cross-references."""
    from journeymap.model.loader import load_document
    from journeymap.model.problems import MapError

    files = resolve_map_paths(paths)
    results: list[dict[str, object]] = []
    problems: list[Problem] = []
    for file in files:
        try:
            document = load_document(file)
        except MapError as error:
            problems += error.problems
            results.append(
                {"file": file, "valid": False, "problems": [p.as_dict() for p in error.problems]}
            )
        else:
            results.append(
                {"file": file, "valid": True, "problems": [p.as_dict() for p in document.notes]}
            )
    if as_json:
        print_json({"maps": results, "valid": not problems})
    else:
        for problem in problems:
            err_console.print(f"[red]error:[/red] {escape(str(problem))}")
        if not problems:
            console.print(f"ok: {len(files)} map(s) valid")
    if problems:
        raise typer.Exit(EXIT_FINDINGS)


def schema(
    fmt: Annotated[
        str, typer.Option("--format", help="json (JSON Schema) or markdown (format reference).")
    ] = "json",
) -> None:
    """Print the JSON Schema of the map format (for editor validation and completion)."""
    from journeymap.model.reference import format_reference
    from journeymap.model.schema import map_json_schema

    if fmt == "json":
        print_json(map_json_schema())
    elif fmt == "markdown":
        sys.stdout.write(format_reference())
    else:
        fail(f"unknown format {fmt!r}", hint="use json or markdown", code=EXIT_USAGE)


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(schema)
