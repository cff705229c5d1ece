"""The output formats' names and extensions, apart from the renderers so that the command line
can list them without importing any renderer."""

from __future__ import annotations

from collections.abc import Mapping

FORMATS: tuple[str, ...] = ("html", "svg", "png", "pdf", "xlsx", "csv", "md", "mermaid", "json")

BINARY_FORMATS: frozenset[str] = frozenset({"png", "pdf", "xlsx"})
"""Formats that are not text: never written to a terminal."""

EXTENSIONS: Mapping[str, str] = {
    "html": ".html",
    "svg": ".svg",
    "png": ".png",
    "pdf": ".pdf",
    "xlsx": ".xlsx",
    "csv": ".csv",
    "md": ".md",
    "mermaid": ".mmd",
    "json": ".json",
}
"""The extension written for each format."""
