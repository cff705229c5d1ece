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
from journeymap.i18n import N_, default_language, format_percent, ngettext
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.lint import LintReport, LintSummary

_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _percent(value: float | None) -> str:
    return _("n/a") if value is None else format_percent(value)


def _print_report(report: LintReport) -> None:
    from journeymap.lint.finding import severity_label

    console.print(f"[bold]{escape(report.file)}[/bold]")
    if not report.findings:
        none = escape(_("no findings"))
        console.print(f"  [green]{none}[/green]")
    for finding in report.findings:
        style = _STYLE[finding.severity]
        console.print(
            f"  {escape(finding.where)} [bold]{finding.code}[/bold] "
            f"[{style}]{severity_label(finding.severity)}[/{style}] {escape(finding.message)}"
        )
        if finding.hint:
            hint = escape(_("hint: {hint}", hint=finding.hint))
            console.print(f"      [dim]{hint}[/dim]")
    coverage = report.evidence_coverage
    if coverage is not None and coverage.total:
        text = ngettext(
            "evidence coverage {ratio} ({backed} of {count} claim backed, assumption {share})",
            "evidence coverage {ratio} ({backed} of {count} claims backed, assumption {share})",
            coverage.total,
            ratio=_percent(coverage.ratio),
            backed=coverage.backed,
            share=_percent(coverage.assumption_share),
        )
        console.print(f"  [dim]{escape(text)}[/dim]")


def _summary_line(summary: LintSummary) -> str:
    coverage = summary.evidence_coverage
    text = _(
        "{files}: {errors}, {warnings}, {infos}; evidence coverage {ratio} "
        "(assumption {share}, {claims})",
        files=ngettext("{count} file", "{count} files", summary.files),
        errors=ngettext("{count} error", "{count} errors", summary.errors),
        warnings=ngettext("{count} warning", "{count} warnings", summary.warnings),
        infos=ngettext("{count} info", "{count} info", summary.infos),
        ratio=_percent(coverage.ratio),
        share=_percent(coverage.assumption_share),
        claims=ngettext("{count} claim", "{count} claims", coverage.total),
    )
    if summary.not_loaded:
        text += "; " + ngettext(
            "{count} map failed to load", "{count} maps failed to load", summary.not_loaded
        )
    return text


def _list_rules(as_json: bool) -> None:
    from journeymap.lint import RULES
    from journeymap.lint.finding import severity_label

    if as_json:
        print_json([r.as_dict() for r in RULES.values()])
        return
    table = Table(box=None)
    table.add_column(_("code"), no_wrap=True)
    table.add_column(_("name"), no_wrap=True)
    table.add_column(_("severity"), no_wrap=True)
    table.add_column(_("message"))
    for item in RULES.values():
        style = _STYLE[item.severity]
        label = severity_label(item.severity)
        table.add_row(item.code, item.name, f"[{style}]{label}[/{style}]", escape(item.text))
    console.print(table)
    note = escape(_("each rule is explained in docs/lint-rules.md"))
    console.print(f"[dim]{note}[/dim]")


def _check_codes(codes: list[str]) -> None:
    from journeymap.lint import resolve_code
    from journeymap.lint.registry import unknown_code_hint

    for code in codes:
        if resolve_code(code) is None:
            fail(
                _("unknown rule code '{code}' in --disable", code=code),
                hint=unknown_code_hint(code),
                code=EXIT_USAGE,
            )


def lint(
    paths: Annotated[
        list[str] | None, typer.Argument(help=N_("Map files or folders; default: the workspace."))
    ] = None,
    *,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Print results as JSON (same as --format json)."))
    ] = False,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help=N_("text (grouped by file), json, or github (annotations).")
        ),
    ] = OutputFormat.text,
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", "-d", help=N_("Skip a rule (code or name); repeat for more.")),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help=N_("Date to count review ages to (YYYY-MM-DD); default today.")
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help=N_(
                "Exit 1 on warnings too, not only on errors; also report missing bindings "
                "of offline touchpoints."
            ),
        ),
    ] = False,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help=N_("Print every rule (code, severity) and exit."))
    ] = False,
) -> None:
    from journeymap.model.workspace import workspace_language

    with default_language(workspace_language()):
        _lint(
            paths,
            as_json=as_json,
            output_format=output_format,
            disable=disable,
            today=today,
            strict=strict,
            list_rules=list_rules,
        )


def _lint(
    paths: list[str] | None,
    *,
    as_json: bool,
    output_format: OutputFormat,
    disable: list[str] | None,
    today: str | None,
    strict: bool,
    list_rules: bool,
) -> None:
    from journeymap.model.workspace import maps_language

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
            fail(
                _("--today {value} is not a date", value=repr(today)),
                hint=_("write YYYY-MM-DD"),
                code=EXIT_USAGE,
            )
    files = resolve_map_paths(paths)
    with default_language(maps_language(files)):
        _report(
            files, on_date, disabled, output_format=output_format, as_json=as_json, strict=strict
        )


def _report(
    files: list[str],
    on_date: dt.date | None,
    disabled: list[str],
    *,
    output_format: OutputFormat,
    as_json: bool,
    strict: bool,
) -> None:
    from journeymap.lint import LintSummary, lint_paths
    from journeymap.lint.annotations import github_annotations

    reports = lint_paths(files, today=on_date, disabled=disabled, strict=strict)
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
    app.command(
        help=N_(
            "Check maps against the journey mapping method: goals, segments, "
            "personas, stages, touchpoints, barriers, KPIs, evidence and review "
            "dates."
        )
    )(lint)
