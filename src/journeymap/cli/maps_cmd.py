"""`journeymap validate` and `journeymap schema`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    console,
    err_console,
    error_line,
    fail,
    print_json,
    resolve_map_paths,
)
from journeymap.i18n import N_, default_language, ngettext
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.model.loader import MapDocument
    from journeymap.model.problems import Problem


def validate(
    paths: Annotated[
        list[str] | None, typer.Argument(help=N_("Map files or folders; default: the workspace."))
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print results as JSON."))] = False,
) -> None:
    from journeymap.model.workspace import maps_language, workspace_language

    with default_language(workspace_language()):
        files = resolve_map_paths(paths)
        with default_language(maps_language(files)):
            _validate(files, as_json)


def _validate(files: list[str], as_json: bool) -> None:
    from journeymap.model.loader import load_document
    from journeymap.model.problems import MapError
    from journeymap.model.workspace import workspace_language

    results: list[dict[str, object]] = []
    problems: list[Problem] = []
    for file in files:
        try:
            with default_language(workspace_language(Path(file).resolve().parent)):
                document = load_document(file)
        except MapError as error:
            problems += error.problems
            results.append(
                {"file": file, "valid": False, "problems": [p.as_dict() for p in error.problems]}
            )
        else:
            dangling = _chain_references(document)
            problems += dangling
            results.append(
                {
                    "file": file,
                    "valid": not dangling,
                    "problems": [p.as_dict() for p in [*dangling, *document.notes]],
                }
            )
    if as_json:
        print_json({"maps": results, "valid": not problems})
    else:
        for problem in problems:
            err_console.print(error_line(str(problem)))
        if not problems:
            console.print(
                escape(ngettext("ok: {count} map valid", "ok: {count} maps valid", len(files)))
            )
    if problems:
        raise typer.Exit(EXIT_FINDINGS)


def _chain_references(document: MapDocument) -> list[Problem]:
    """KPIs `effect(CHAIN)` naming no chain of the map's workspace (`automations/`)."""
    from journeymap.model.measure_syntax import measure_function
    from journeymap.model.workspace import find_workspace
    from journeymap.orchestrate.map_references import declared_chain_ids, kpi_chain_problems

    kpis = [kpi for stage in document.model.stages for kpi in stage.kpis]
    if not any(measure_function(kpi.measure or "") == "effect" for kpi in kpis):
        return []
    where = document.path.resolve().parent if document.path else Path.cwd()
    workspace = find_workspace(where)
    root = workspace.root if workspace is not None else where
    return kpi_chain_problems(document, declared_chain_ids(root / "automations"))


def schema(
    fmt: Annotated[
        str, typer.Option("--format", help=N_("json (JSON Schema) or markdown (format reference)."))
    ] = "json",
) -> None:
    from journeymap.model.reference import format_reference
    from journeymap.model.schema import map_json_schema

    if fmt == "json":
        print_json(map_json_schema())
    elif fmt == "markdown":
        sys.stdout.write(format_reference())
    else:
        fail(
            _("unknown format {value}", value=repr(fmt)),
            hint=_("use json or markdown"),
            code=EXIT_USAGE,
        )


def register(app: typer.Typer) -> None:
    app.command(help=N_("Check map files against the schema and their cross-references."))(validate)
    app.command(
        help=N_("Print the JSON Schema of the map format (for editor validation and completion).")
    )(schema)
