"""Renderers: a map as HTML, SVG, PNG, PDF, XLSX, CSV, Markdown, Mermaid or JSON.

`render(journey, "pdf")` gives bytes, `render_to_file(journey, "xlsx", path)` writes a file and
`render_html(journey, standalone=False)` gives the fragment Jupyter shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.lazy import lazy_getattr

if TYPE_CHECKING:
    from journeymap.render.chromium import BrowserUnavailableError
    from journeymap.render.format_names import BINARY_FORMATS, EXTENSIONS, FORMATS
    from journeymap.render.formats import (
        guess_format,
        normalize_format,
        render,
        render_to_file,
    )
    from journeymap.render.html_page import render_html
    from journeymap.render.labels import LABELS, LANGUAGES

__all__ = [
    "BINARY_FORMATS",
    "EXTENSIONS",
    "FORMATS",
    "LABELS",
    "LANGUAGES",
    "BrowserUnavailableError",
    "guess_format",
    "normalize_format",
    "render",
    "render_html",
    "render_to_file",
]

# Each public name loads its module on first use (PEP 562), so that importing the package (as
# every `journeymap` command does) stays cheap.
_HOMES = {
    "BrowserUnavailableError": "journeymap.render.chromium",
    "BINARY_FORMATS": "journeymap.render.format_names",
    "EXTENSIONS": "journeymap.render.format_names",
    "FORMATS": "journeymap.render.format_names",
    "guess_format": "journeymap.render.formats",
    "normalize_format": "journeymap.render.formats",
    "render": "journeymap.render.formats",
    "render_to_file": "journeymap.render.formats",
    "render_html": "journeymap.render.html_page",
    "LABELS": "journeymap.render.labels",
    "LANGUAGES": "journeymap.render.labels",
}


__getattr__ = lazy_getattr(_HOMES, globals())
