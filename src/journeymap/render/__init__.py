"""Renderers: a map as HTML, SVG, PNG, PDF, XLSX, CSV, Markdown, Mermaid or JSON.

`render(journey, "pdf")` gives bytes, `render_to_file(journey, "xlsx", path)` writes a file and
`render_html(journey, standalone=False)` gives the fragment Jupyter shows.
"""

from journeymap.render.chromium import BrowserUnavailableError
from journeymap.render.formats import (
    BINARY_FORMATS,
    EXTENSIONS,
    FORMATS,
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
