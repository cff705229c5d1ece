"""`journeymap demo`: the seed-shop example workspace, validated, linted and rendered."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import EXIT_FINDINGS, EXIT_USAGE, console, fail, print_json
from journeymap.model import MapError
from journeymap.report.demo import DemoResult, run_demo
from journeymap.templates import LANGUAGES, TargetNotEmptyError, TemplateError

DEFAULT_DIR = Path("demo-workspace")


def demo(
    dir: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Folder for the demo workspace (created or refreshed)."),
    ] = DEFAULT_DIR,
    *,
    language: Annotated[
        str,
        typer.Option("--language", "-l", help=f"Workspace language: {' or '.join(LANGUAGES)}."),
    ] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Create an example workspace (the seed shop), validate and lint it, render its maps."""
    try:
        if as_json:
            result = run_demo(dir, language=language)
        else:
            with console.status("starting") as status:
                result = run_demo(
                    dir, language=language, on_step=lambda m: status.update(escape(m))
                )
    except TargetNotEmptyError as error:
        fail(error.message, hint=error.hint, code=EXIT_FINDINGS)
    except TemplateError as error:
        fail(error.message, hint=error.hint, code=EXIT_USAGE)
    except MapError as error:  # the shipped maps are tested; this guards a broken install
        fail(str(error), code=EXIT_FINDINGS)
    if as_json:
        print_json(result.as_dict())
    else:
        _print_summary(result)
    if result.lint_errors:
        raise typer.Exit(EXIT_FINDINGS)


def _print_summary(result: DemoResult) -> None:
    console.print(
        f"[green]demo workspace[/green] [bold]{escape(str(result.workspace))}[/bold] "
        f"(template {result.template}): {len(result.maps)} map(s) valid"
    )
    table = Table(
        "map", "errors", "warnings", "info", "evidence", "files", box=None, pad_edge=False
    )
    for path, report in zip(result.maps, result.lint, strict=True):
        coverage = report.evidence_coverage.ratio if report.evidence_coverage else None
        files = [
            escape(str(item.path.relative_to(result.workspace))) for item in result.files_of(path)
        ]
        table.add_row(
            escape(str(path.relative_to(result.workspace))),
            _count(report.errors, "red"),
            _count(report.warnings, "yellow"),
            str(report.infos),
            "-" if coverage is None else f"{coverage:.0%}",
            "\n".join(files),
        )
    console.print(table)
    for skipped in result.skipped:
        console.print(f"[yellow]skipped {skipped.format}:[/yellow] {escape(skipped.reason)}")
    first_html = next((r.path for r in result.rendered if r.format == "html"), None)
    if first_html is not None:
        console.print(f"open {escape(str(first_html))} in a browser to see the map")
    console.print(
        f"next: cd {escape(str(result.workspace))} and read README.md "
        "(validate, lint, render, edit the maps)"
    )


def _count(value: int, colour: str) -> str:
    return f"[{colour}]{value}[/{colour}]" if value else "[green]0[/green]"


def register(app: typer.Typer) -> None:
    app.command()(demo)
