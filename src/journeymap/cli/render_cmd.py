"""`journeymap render`: a map file to HTML, SVG, PNG, PDF, XLSX, CSV, Markdown, Mermaid or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap.cli.output import EXIT_USAGE, console, fail, report_map_error
from journeymap.render.format_names import BINARY_FORMATS, EXTENSIONS, FORMATS
from journeymap.render.labels import LANGUAGES

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

DEFAULT_FORMAT = "html"


def render_command(
    # Named `map` so usage and docs read `journeymap render MAP`.
    map: Annotated[str, typer.Argument(metavar="MAP", help="The map file (.yaml).")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=f"One of: {', '.join(FORMATS)}. Default: from the -o extension, else html.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write. Default: text formats to stdout, binary ones to <map>.<ext>.",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            help=f"Language of built-in labels ({'|'.join(LANGUAGES)}); default: the map's.",
        ),
    ] = None,
) -> None:
    """Render a map to a file people can share (or print text formats to stdout)."""
    from journeymap.model import MapError, load_map

    name = _choose_format(fmt, output)
    if language is not None and language not in LANGUAGES:
        fail(
            f"no built-in labels for language {language!r}",
            hint=f"use one of: {', '.join(LANGUAGES)}",
            code=EXIT_USAGE,
        )
    try:
        journey = load_map(map)
    except MapError as error:
        report_map_error(error)
    data = _render(journey, name, language)
    if output is None and name not in BINARY_FORMATS:
        typer.echo(data, nl=False)
        return
    target = output if output is not None else Path(Path(map).stem + EXTENSIONS[name])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as error:
        fail(f"cannot write {target}: {error.strerror or error}")
    console.print(f"wrote {target} ({name}, {len(data):,} bytes)")


def _choose_format(fmt: str | None, output: Path | None) -> str:
    from journeymap.render.formats import guess_format, normalize_format

    if fmt is not None:
        try:
            return normalize_format(fmt)
        except ValueError:
            fail(f"unknown format {fmt!r}", hint=f"formats: {', '.join(FORMATS)}", code=EXIT_USAGE)
    if output is None:
        return DEFAULT_FORMAT
    guessed = guess_format(output)
    if guessed is None:
        fail(
            f"cannot tell the format from the file name {output.name!r}",
            hint=f"pass --format, one of: {', '.join(FORMATS)}",
            code=EXIT_USAGE,
        )
    return guessed


def _render(journey: JourneyMap, name: str, language: str | None) -> bytes:
    from journeymap.render import BrowserUnavailableError, render

    try:
        return render(journey, name, language=language)
    except BrowserUnavailableError as error:
        fail(str(error), hint="formats that need no browser: html, svg, xlsx, csv, md, json")


def register(app: typer.Typer) -> None:
    app.command("render")(render_command)
