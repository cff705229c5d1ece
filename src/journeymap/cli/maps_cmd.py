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
    from journeymap.cli.workspace_language import configured_workspace_language
    from journeymap.model.map_language import agreed_language

    with default_language(configured_workspace_language()):
        files = resolve_map_paths(paths)
        with default_language(agreed_language(files, configured_workspace_language)):
            _validate(files, as_json)


def _validate(files: list[str], as_json: bool) -> None:
    results: list[dict[str, object]] = []
    problems: list[Problem] = []
    for file in files:
        if _quickly_valid(Path(file)):
            results.append({"file": file, "valid": True, "problems": []})
            continue
        found, notes = _load(file)
        problems += found
        results.append(
            {
                "file": file,
                "valid": not found,
                "problems": [p.as_dict() for p in [*found, *notes]],
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


def _quickly_valid(file: Path) -> bool:
    """The map has no problem, told without loading the model (`journeymap.model.quick_check`:
    a start-up within twice a bare command line's); False when that cannot tell."""
    from journeymap.model.quick_check import quick_check

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    check = quick_check(text)
    if check is None:
        return False
    return not check.effect_chains or check.effect_chains <= set(_chain_ids(file))


def _load(file: str) -> tuple[list[Problem], list[Problem]]:
    """The map's problems and notes, loading it the full way (every problem at its line)."""
    from journeymap.cli.workspace_language import configured_workspace_language
    from journeymap.model.loader import load_document
    from journeymap.model.problems import MapError

    try:
        with default_language(configured_workspace_language(Path(file).resolve().parent)):
            document = load_document(file)
    except MapError as error:
        return error.problems, []
    return _chain_references(document), document.notes


def _chain_ids(file: Path) -> list[str]:
    """The chain ids of the automations of the map's workspace (else of the map's folder)."""
    from journeymap.cli.workspace_language import workspace_root
    from journeymap.orchestrate.map_references import declared_chain_ids

    where = file.resolve().parent
    return declared_chain_ids((workspace_root(where) or where) / "automations")


def _chain_references(document: MapDocument) -> list[Problem]:
    """KPIs `effect(CHAIN)` naming no chain of the map's workspace (`automations/`)."""
    from journeymap.model.measure_syntax import measure_function
    from journeymap.orchestrate.map_references import kpi_chain_problems

    kpis = [kpi for stage in document.model.stages for kpi in stage.kpis]
    if not any(measure_function(kpi.measure or "") == "effect" for kpi in kpis):
        return []
    return kpi_chain_problems(document, _chain_ids(document.path or Path("map.yaml")))


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
