"""The output formats: names, file extensions, and dispatch to each renderer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.render.csv_table import render_csv
from journeymap.render.format_names import EXTENSIONS, FORMATS
from journeymap.render.html_page import render_html
from journeymap.render.json_model import render_json
from journeymap.render.labels import check_language
from journeymap.render.markdown import render_markdown
from journeymap.render.mermaid import render_mermaid
from journeymap.render.raster import render_pdf, render_png
from journeymap.render.spreadsheet import render_xlsx
from journeymap.render.svg_image import render_svg

_ALIASES: Mapping[str, str] = {
    ".htm": "html",
    ".markdown": "md",
    ".mermaid": "mermaid",
    "markdown": "md",
    "mmd": "mermaid",
}

Renderer = Callable[[JourneyMap, "str | None"], bytes]

_RENDERERS: Mapping[str, Renderer] = {
    "html": lambda j, lang: render_html(j, language=lang).encode("utf-8"),
    "svg": lambda j, lang: render_svg(j, language=lang).encode("utf-8"),
    "png": lambda j, lang: render_png(j, language=lang),
    "pdf": lambda j, lang: render_pdf(j, language=lang),
    "xlsx": lambda j, lang: render_xlsx(j, language=lang),
    "csv": lambda j, lang: render_csv(j, language=lang),
    "md": lambda j, lang: render_markdown(j, language=lang).encode("utf-8"),
    "mermaid": lambda j, _lang: render_mermaid(j).encode("utf-8"),
    "json": lambda j, _lang: render_json(j),
}


def normalize_format(fmt: str) -> str:
    """The canonical format name for `fmt` (case and a few aliases forgiven)."""
    name = fmt.strip().lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name not in _RENDERERS:
        raise ValueError(
            _("unknown format {fmt!r}; formats: {formats}", fmt=fmt, formats=", ".join(FORMATS))
        )
    return name


def guess_format(path: str | Path) -> str | None:
    """The format a file name asks for by its extension, or None."""
    suffix = Path(path).suffix.lower()
    if not suffix:
        return None
    for name, extension in EXTENSIONS.items():
        if extension == suffix:
            return name
    return _ALIASES.get(suffix)


def render(journey: JourneyMap, fmt: str, *, language: str | None = None) -> bytes:
    """The map in format `fmt` (one of `FORMATS`) as bytes (text formats are UTF-8)."""
    name = normalize_format(fmt)
    if language is not None:
        check_language(language)
    return _RENDERERS[name](journey, language)


def render_to_file(
    journey: JourneyMap, fmt: str | None, path: str | Path, *, language: str | None = None
) -> Path:
    """Write the map to `path`; with `fmt=None` the format comes from the file extension."""
    target = Path(path)
    if fmt is None:
        fmt = guess_format(target)
        if fmt is None:
            raise ValueError(
                _(
                    "cannot tell the format from {name!r}; formats: {formats}",
                    name=target.name,
                    formats=", ".join(FORMATS),
                )
            )
    data = render(journey, fmt, language=language)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
