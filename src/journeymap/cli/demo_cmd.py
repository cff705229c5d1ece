"""`journeymap demo`: the seed-shop workspace, rendered, simulated, measured and reported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.help_language import help_text
from journeymap.cli.number_text import signed_points
from journeymap.cli.output import EXIT_FINDINGS, EXIT_USAGE, console, fail, print_json
from journeymap.i18n import N_, format_number, format_percent, ngettext
from journeymap.i18n import gettext as _
from journeymap.templates.catalog import LANGUAGES

if TYPE_CHECKING:
    from journeymap.report.demo import DemoResult

DEFAULT_DIR = Path("demo-workspace")


def demo(
    dir: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help=N_("Folder for the demo workspace (created or refreshed).")
        ),
    ] = DEFAULT_DIR,
    *,
    language: Annotated[
        str,
        typer.Option(
            "--language",
            "-l",
            help=help_text(
                N_("Workspace language: {languages}."), languages=" or ".join(LANGUAGES)
            ),
        ),
    ] = "en",
    customers: Annotated[
        int | None,
        typer.Option(
            "--customers",
            "-n",
            min=1,
            help=N_("Simulated customers (default: the map's simulation.customers, 5000)."),
        ),
    ] = None,
    screenshot: Annotated[
        Path | None,
        typer.Option(
            "--screenshot",
            help=N_("Also save a PNG of the top of the report here (needs Chromium)."),
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the result as JSON."))] = False,
) -> None:
    from journeymap.model import MapError
    from journeymap.render import BrowserUnavailableError
    from journeymap.report.demo import DemoError, run_demo
    from journeymap.templates import TargetNotEmptyError, TemplateError

    try:
        if as_json:
            result = run_demo(dir, language=language, customers=customers, screenshot=screenshot)
        else:
            with console.status(_("starting")) as status:
                result = run_demo(
                    dir,
                    language=language,
                    customers=customers,
                    screenshot=screenshot,
                    on_step=lambda m: status.update(escape(m)),
                )
    except TargetNotEmptyError as error:
        fail(error.message, hint=error.hint, code=EXIT_FINDINGS)
    except TemplateError as error:
        fail(error.message, hint=error.hint, code=EXIT_USAGE)
    except MapError as error:  # the shipped maps are tested; this guards a broken install
        fail(str(error), code=EXIT_FINDINGS)
    except DemoError as error:
        fail(str(error), code=EXIT_FINDINGS)
    except BrowserUnavailableError as error:
        fail(str(error), hint=_("leave out --screenshot, or install chromium"), code=EXIT_FINDINGS)
    if as_json:
        print_json(result.as_dict())
    else:
        _print_summary(result)
    if result.lint_errors:
        raise typer.Exit(EXIT_FINDINGS)


def _print_summary(result: DemoResult) -> None:
    console.print(
        ngettext(
            "[green]demo workspace[/green] [bold]{workspace}[/bold] (template {template}): "
            "{count} map valid",
            "[green]demo workspace[/green] [bold]{workspace}[/bold] (template {template}): "
            "{count} maps valid",
            len(result.maps),
            workspace=escape(str(result.workspace)),
            template=result.template,
        )
    )
    table = Table(
        _("map"),
        _("errors"),
        _("warnings"),
        _("info"),
        _("evidence"),
        _("files"),
        box=None,
        pad_edge=False,
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
            "-" if coverage is None else format_percent(coverage),
            "\n".join(files),
        )
    console.print(table)
    for skipped in result.skipped:
        console.print(
            _(
                "[yellow]skipped {format}:[/yellow] {reason}",
                format=skipped.format,
                reason=escape(skipped.reason),
            )
        )
    ingest = result.ingest
    if ingest is not None:
        console.print(
            _(
                "[bold red]simulated data[/bold red]: {customers} synthetic customers, "
                "{stored} events ingested ({quarantined} quarantined) from {file}",
                customers=format_number(result.customers),
                stored=format_number(ingest.rows_stored),
                quarantined=format_number(ingest.rows_quarantined),
                file=escape(_relative(result.events_file, result.workspace)),
            )
        )
    if result.report_xlsx is not None:
        console.print(_("spreadsheet: {path}", path=escape(str(result.report_xlsx))))
    if result.screenshot is not None:
        console.print(_("screenshot: {path}", path=escape(str(result.screenshot))))
    if result.report is not None:
        console.print(
            _("[green]report[/green]: [bold]{path}[/bold]", path=escape(str(result.report)))
        )
    if result.headline is not None:
        for line in result.headline.lines():
            console.print(escape(line))
    _print_interventions(result)
    _print_recommendations(result)
    total = sum(result.seconds.values())
    console.print(
        _(
            "done in {seconds}s. Next: cd {workspace} and read README.md; "
            "docs/demo.md shows how to do the same with your own export",
            seconds=format_number(total, decimals=0),
            workspace=escape(str(result.workspace)),
        )
    )
    console.print(
        escape(
            _(
                "edit the maps in the browser: cd {workspace} && journeymap users add NAME "
                "--role admin && journeymap web (then open http://127.0.0.1:8080)",
                workspace=str(result.workspace),
            )
        )
    )


def _print_interventions(result: DemoResult) -> None:
    """One line per chain the report measured against its holdout (simulated responses)."""
    chains = result.automations
    section = result.data.interventions if result.data else None
    if chains is None or section is None:
        return
    for row in section.rows:
        measured = row.effect
        if measured is None or measured.effect is None:
            continue
        effect = measured.effect
        line = _(
            "simulated chain {chain} ({sent} messages to the outbox): {goal} {treated} of "
            "{treated_persons} against {held} of {held_persons} held out, lift {lift} pp "
            "(95% CI {low} to {high})",
            chain=row.chain_id,
            sent=format_number(chains.sent),
            goal=measured.goal,
            treated=format_percent(measured.treatment.rate, decimals=1),
            treated_persons=format_number(measured.treatment.persons),
            held=format_percent(measured.holdout.rate, decimals=1),
            held_persons=format_number(measured.holdout.persons),
            lift=signed_points(effect.difference),
            low=signed_points(effect.ci_low),
            high=signed_points(effect.ci_high),
        )
        console.print(escape(line))


def _print_recommendations(result: DemoResult) -> None:
    picks = result.recommendations
    if picks is None:
        return
    stage = picks.stage_name or picks.stage or "-"
    console.print(
        _(
            "[bold red]simulated[/bold red] customer [bold]{person}[/bold] at stage "
            "[bold]{stage}[/bold] ({role}) is recommended:",
            person=escape(picks.person),
            stage=escape(stage),
            role=picks.role,
        )
    )
    for rank, item in enumerate(picks.items, start=1):
        console.print(f"  {rank}. {escape(item.title)}: {escape(item.reason_text)}")
    console.print(
        "  " + _("(journeymap recommend {person} shows more)", person=escape(picks.person))
    )


def _relative(path: Path | None, root: Path) -> str:
    if path is None:
        return "-"
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _count(value: int, colour: str) -> str:
    return f"[{colour}]{value}[/{colour}]" if value else "[green]0[/green]"


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Create the seed-shop workspace, render its maps, simulate customers "
            "and write the report."
        )
    )(demo)
