"""`journeymap lint`: check maps against the customer journey mapping method."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    console,
    fail,
    print_json,
    resolve_map_paths,
)

if TYPE_CHECKING:
    from journeymap.lint import LintReport, LintSummary

_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _print_report(report: LintReport) -> None:
    console.print(f"[bold]{escape(report.file)}[/bold]")
    if not report.findings:
        console.print("  [green]no findings[/green]")
    for finding in report.findings:
        style = _STYLE[finding.severity]
        console.print(
            f"  {escape(finding.where)} [bold]{finding.code}[/bold] "
            f"[{style}]{finding.severity}[/{style}] {escape(finding.message)}"
        )
        if finding.hint:
            console.print(f"      [dim]hint: {escape(finding.hint)}[/dim]")
    coverage = report.evidence_coverage
    if coverage is not None and coverage.total:
        console.print(
            f"  [dim]evidence coverage {_percent(coverage.ratio)} "
            f"({coverage.backed} of {coverage.total} claims backed, "
            f"assumption {_percent(coverage.assumption_share)})[/dim]"
        )


def _summary_line(summary: LintSummary) -> str:
    coverage = summary.evidence_coverage
    text = (
        f"{summary.files} file(s): {summary.errors} error(s), {summary.warnings} warning(s), "
        f"{summary.infos} info; evidence coverage {_percent(coverage.ratio)} "
        f"(assumption {_percent(coverage.assumption_share)}, {coverage.total} claims)"
    )
    if summary.not_loaded:
        text += f"; {summary.not_loaded} map(s) failed to load"
    return text


def _list_rules(as_json: bool) -> None:
    from journeymap.lint import RULES

    if as_json:
        print_json([r.as_dict() for r in RULES.values()])
        return
    table = Table(box=None)
    table.add_column("code", no_wrap=True)
    table.add_column("name", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("message")
    for item in RULES.values():
        style = _STYLE[item.severity]
        table.add_row(
            item.code, item.name, f"[{style}]{item.severity}[/{style}]", escape(item.message)
        )
    console.print(table)
    console.print("[dim]each rule is explained in docs/lint-rules.md[/dim]")


def _check_codes(codes: list[str]) -> None:
    from journeymap.lint import resolve_code
    from journeymap.lint.registry import unknown_code_hint

    for code in codes:
        if resolve_code(code) is None:
            fail(
                f"unknown rule code '{code}' in --disable",
                hint=unknown_code_hint(code),
                code=EXIT_USAGE,
            )


def lint(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Map files or folders; default: the workspace.")
    ] = None,
    *,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print results as JSON (same as --format json).")
    ] = False,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="text (grouped by file), json, or github (annotations)."
        ),
    ] = OutputFormat.text,
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", "-d", help="Skip a rule (code or name); repeat for more."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Date to count review ages to (YYYY-MM-DD); default today."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
    ] = False,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="Print every rule (code, severity) and exit.")
    ] = False,
) -> None:
    """Check maps against the journey mapping method: goals, segments, personas, stages,
    touchpoints, barriers, KPIs, evidence and review dates."""
    from journeymap.lint import LintSummary, lint_paths
    from journeymap.lint.annotations import github_annotations

    if list_rules:
        _list_rules(as_json or output_format is OutputFormat.json)
        return
    disabled = disable or []
    _check_codes(disabled)
    on_date: dt.date | None = None
    if today is not None:
        try:
            on_date = dt.date.fromisoformat(today)
        except ValueError:
            fail(f"--today {today!r} is not a date", hint="write YYYY-MM-DD", code=EXIT_USAGE)
    files = resolve_map_paths(paths)
    reports = lint_paths(files, today=on_date, disabled=disabled)
    summary = LintSummary.of(reports)
    if as_json or output_format is OutputFormat.json:
        print_json({"reports": [r.as_dict() for r in reports], "summary": summary.as_dict()})
    elif output_format is OutputFormat.github:
        for line in github_annotations(reports):
            sys.stdout.write(line + "\n")
    else:
        for report in reports:
            _print_report(report)
        console.print(_summary_line(summary))
    failed = summary.errors > 0 or (strict and summary.warnings > 0)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command()(lint)
