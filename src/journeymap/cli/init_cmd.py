"""`journeymap init`: a new workspace from a template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.help_language import help_text
from journeymap.cli.output import EXIT_FINDINGS, EXIT_USAGE, console, fail, print_json
from journeymap.i18n import N_
from journeymap.i18n import gettext as _
from journeymap.templates.catalog import (
    DEFAULT_TEMPLATE,
    LANGUAGES,
    TemplateError,
    list_templates,
)


def init(
    dir: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR", help=N_("Folder to create the workspace in."), show_default=False
        ),
    ] = None,
    *,
    template: Annotated[
        str,
        typer.Option("--template", "-t", help=N_("Template to start from (see --list).")),
    ] = DEFAULT_TEMPLATE,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            help=help_text(
                N_(
                    "Workspace language: {languages} (default en). With --all-languages and "
                    "no --language the workspace sets none: each map speaks its own."
                ),
                languages=" or ".join(LANGUAGES),
            ),
            show_default=False,
        ),
    ] = None,
    all_languages: Annotated[
        bool,
        typer.Option(
            "--all-languages", help=N_("Copy the template's map in every language, not just one.")
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help=N_("Write into a folder that is not empty (overwrites).")),
    ] = False,
    show_list: Annotated[
        bool, typer.Option("--list", help=N_("List the templates and exit."))
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the result as JSON."))] = False,
) -> None:
    from journeymap.templates.workspace_init import TargetNotEmptyError, init_workspace

    chosen = language or "en"
    if show_list:
        _print_templates(as_json, chosen)
        return
    if dir is None:
        fail(
            _("missing DIR: the folder to create the workspace in"),
            hint=_("journeymap init my-workspace --template seed-shop  (or --list for templates)"),
            code=EXIT_USAGE,
        )
    try:
        root = init_workspace(
            dir,
            template,
            chosen,
            force=force,
            all_languages=all_languages,
            pin_language=language is not None or not all_languages,
        )
    except TargetNotEmptyError as error:
        fail(error.message, hint=error.hint, code=EXIT_FINDINGS)
    except TemplateError as error:
        fail(error.message, hint=_template_hint(error), code=EXIT_USAGE)
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    if as_json:
        print_json(
            {"workspace": str(root), "template": template, "language": chosen, "files": files}
        )
        return
    console.print(
        _(
            "[green]created[/green] workspace [bold]{folder}[/bold] from template "
            "[bold]{template}[/bold] ({language})",
            folder=escape(str(dir)),
            template=escape(template),
            language=chosen,
        )
    )
    for file in files:
        console.print(f"  {escape(file)}")
    console.print(
        _(
            "next: cd {folder} && journeymap validate && journeymap lint "
            "(README.md has the next steps)",
            folder=escape(str(dir)),
        )
    )


def _template_hint(error: TemplateError) -> str | None:
    if error.hint and error.hint.startswith("templates:"):
        lines = [f"{t.name}: {t.description()}" for t in list_templates()]
        return "templates:\n  " + "\n  ".join(lines)
    return error.hint


def _print_templates(as_json: bool, language: str) -> None:
    templates = list_templates()
    if as_json:
        print_json(
            [{"name": t.name, "kind": t.kind, "description": t.descriptions} for t in templates]
        )
        return
    table = Table(_("template"), _("kind"), _("description"), box=None, pad_edge=False)
    for t in templates:
        table.add_row(t.name, t.kind, t.description(language))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Create a workspace: journeymap.toml, maps/ from a template, content/ and a README."
        )
    )(init)
