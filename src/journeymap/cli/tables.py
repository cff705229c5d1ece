"""Tables on a terminal and in a pipe: a Rich table that fits the terminal, or plain
tab-separated lines when stdout is not a terminal (no box drawing, nothing cut off)."""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from journeymap.cli.output import console

WIDE = 140
"""Terminal columns from which the widest tables (`analyze stages`) are shown in one piece."""


def plain(cell: RenderableType | None) -> str:
    """A cell's text without Rich markup, on one line (tabs and line breaks become spaces)."""
    if cell is None:
        return ""
    if isinstance(cell, Text):
        text = cell.plain
    elif isinstance(cell, str):
        text = Text.from_markup(cell).plain
    else:
        text = str(cell)
    return " ".join(text.replace("\t", " ").split("\n")).strip()


def plain_lines(table: Table) -> list[str]:
    """`table` as tab-separated lines: `# title`, the header, one line per row, `# caption`."""
    lines = [f"# {plain(table.title)}"] if table.title else []
    if table.show_header:
        lines.append("\t".join(plain(column.header) for column in table.columns))
    cells = [list(column.cells) for column in table.columns]
    for row in zip(*cells, strict=True):
        lines.append("\t".join(plain(cell) for cell in row))
    if table.caption:
        lines.append(f"# {plain(table.caption)}")
    return lines


def fit(table: Table) -> Table:
    """Let `table` wrap instead of cutting: a cell too long for its column continues on the next
    line, where Rich's default ends it with "…" (columns marked `no_wrap`, numbers, keep their
    width)."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def print_table(table: Table, out: Console | None = None) -> None:
    """Print `table`: as Rich draws it on a terminal (wrapped to fit), else as plain
    tab-separated lines."""
    out = out or console
    if out.is_terminal:
        out.print(fit(table))
        return
    out.file.write("\n".join(plain_lines(table)) + "\n")
