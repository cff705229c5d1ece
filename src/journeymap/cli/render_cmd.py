"""`journeymap render`: a map file to HTML, SVG, PNG, PDF, XLSX, CSV, Markdown, Mermaid or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap.cli.help_language import help_text
from journeymap.cli.output import EXIT_USAGE, console, fail, report_map_error
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _
from journeymap.render.format_names import BINARY_FORMATS, EXTENSIONS, FORMATS
from journeymap.render.labels import LANGUAGES

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

DEFAULT_FORMAT = "html"
NO_BROWSER = "html, svg, xlsx, csv, md, json"


def render_command(
    # Named `map` so usage and docs read `journeymap render MAP`.
    map: Annotated[str, typer.Argument(metavar="MAP", help=N_("The map file (.yaml)."))],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=help_text(
                N_("One of: {formats}. Default: from the -o extension, else html."),
                formats=", ".join(FORMATS),
            ),
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=N_("File to write. Default: text formats to stdout, binary ones to <map>.<ext>."),
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            help=help_text(
                N_(
                    "Language of built-in labels ({languages}); default: --lang, then the "
                    "workspace's `language`, then the map's."
                ),
                languages="|".join(LANGUAGES),
            ),
        ),
    ] = None,
    poster: Annotated[
        bool,
        typer.Option(
            "--poster",
            help=N_(
                "PDF only: one page sized to the whole map, as on a wide screen, instead of "
                "A3 landscape pages."
            ),
        ),
    ] = False,
) -> None:
    from journeymap.model import MapError, load_map

    name = _choose_format(fmt, output)
    if poster and name != "pdf":
        fail(
            _("--poster applies to PDF, not {format}", format=name),
            hint=_("add --format pdf, or write to a .pdf file"),
            code=EXIT_USAGE,
        )
    if language is not None and language not in LANGUAGES:
        fail(
            _("no built-in labels for language {language!r}", language=language),
            hint=_("use one of: {names}", names=", ".join(LANGUAGES)),
            code=EXIT_USAGE,
        )
    try:
        journey = load_map(map)
    except MapError as error:
        report_map_error(error)
    data = _render(journey, name, language or _configured_language(map), poster=poster)
    if output is None and name not in BINARY_FORMATS:
        typer.echo(data, nl=False)
        return
    target = output if output is not None else Path(Path(map).stem + EXTENSIONS[name])
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as error:
        fail(_("cannot write {path}: {error}", path=target, error=error.strerror or error))
    console.print(
        _(
            "wrote {path} ({format}, {size} bytes)",
            path=target,
            format=name,
            size=format_number(len(data)),
        )
    )


def _configured_language(map: str) -> str | None:
    """The labels' language when `--language` is not given: `--lang`, else the workspace's
    `language`; None leaves it to the map's own `language`."""
    from journeymap.i18n import configured_language
    from journeymap.model.workspace import workspace_language

    return configured_language() or workspace_language(Path(map).resolve().parent)


def _choose_format(fmt: str | None, output: Path | None) -> str:
    from journeymap.render.formats import guess_format, normalize_format

    if fmt is not None:
        try:
            return normalize_format(fmt)
        except ValueError:
            fail(
                _("unknown format {name!r}", name=fmt),
                hint=_("formats: {names}", names=", ".join(FORMATS)),
                code=EXIT_USAGE,
            )
    if output is None:
        return DEFAULT_FORMAT
    guessed = guess_format(output)
    if guessed is None:
        fail(
            _("cannot tell the format from the file name {name!r}", name=output.name),
            hint=_("pass --format, one of: {names}", names=", ".join(FORMATS)),
            code=EXIT_USAGE,
        )
    return guessed


def _render(journey: JourneyMap, name: str, language: str | None, *, poster: bool) -> bytes:
    from journeymap.render import BrowserUnavailableError, render

    try:
        if poster:
            from journeymap.render.raster import render_pdf

            return render_pdf(journey, language=language, poster=True)
        return render(journey, name, language=language)
    except BrowserUnavailableError as error:
        fail(str(error), hint=_("formats that need no browser: {names}", names=NO_BROWSER))


def register(app: typer.Typer) -> None:
    app.command(
        "render",
        help=N_("Render a map to a file people can share (or print text formats to stdout)."),
    )(render_command)
