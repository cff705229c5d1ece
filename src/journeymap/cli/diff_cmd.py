"""`journeymap diff OLD NEW`: what changed between two versions of a map."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from journeymap.cli.output import console, print_json, report_map_error
from journeymap.model import MapError
from journeymap.report.diff_maps import diff_maps
from journeymap.report.diff_text import diff_lines
from journeymap.report.map_versions import load_map_version

_COLOURS = {"+": "green", "-": "red", "~": "yellow"}


def diff_command(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="Old version: a map file or git:REV:PATH.")
    ],
    new: Annotated[
        str, typer.Argument(metavar="NEW", help="New version: a map file or git:REV:PATH.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the changes as JSON for scripts.")
    ] = False,
) -> None:
    """Compare two versions of a map: design changes and KPI number changes (exit 0)."""
    try:
        before = load_map_version(old)
        after = load_map_version(new)
    except MapError as error:
        report_map_error(error)
    diff = diff_maps(before, after, old_label=old, new_label=new)
    if as_json:
        print_json(diff.as_dict())
        return
    for line in diff_lines(diff):
        colour = _COLOURS.get(line[:1])
        text = escape(line)
        console.print(f"[{colour}]{text}[/{colour}]" if colour else text, markup=True)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)
