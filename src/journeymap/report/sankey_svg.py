"""Geometry of the Sankey of real paths (SVG user units): node boxes per column, link bands.

Each node's label ("Оформление договора 1,204") sits right of the node, wrapped to the room
before the next column (at most `MAX_LINES` lines, then cut with "…" and shown whole on hover);
labels of one column are stacked so that none overlaps the next, and the chart grows taller
when the labels need it. The last column keeps `LAST_LABEL_ROOM` on its right, so every stage
is on the chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from journeymap.render.label_layout import GLYPH_WIDTH, shorten, text_width
from journeymap.report.flows import DROP_OFF, Flows

WIDTH = 960.0
HEIGHT = 360.0
NODE_WIDTH = 14.0
GAP = 14.0
MARGIN = 8.0
LABEL_GAP = 4.0
LABEL_LINE = 14.0
MAX_LINES = 3
LAST_LABEL_ROOM = 150.0


@dataclass(frozen=True)
class NodeBox:
    column: int
    name: str
    persons: int
    x: float
    y: float
    height: float
    label_lines: tuple[str, ...] = ()
    label_y: float = 0.0
    """The first line's baseline; the lines are `LABEL_LINE` apart at x + node width + gap."""
    label_full: str = ""
    """The whole label, for the tooltip when the lines had to cut it."""

    @property
    def label_x(self) -> float:
        return self.x + NODE_WIDTH + LABEL_GAP

    @property
    def label_cut(self) -> bool:
        return " ".join(self.label_lines) != self.label_full

    @property
    def drop_off(self) -> bool:
        return self.name == DROP_OFF


@dataclass(frozen=True)
class Band:
    source: str
    target: str
    step: int
    persons: int
    path: str
    drop_off: bool
    thickness: float


@dataclass(frozen=True)
class SankeyLayout:
    width: float
    height: float
    nodes: tuple[NodeBox, ...]
    bands: tuple[Band, ...]


def wrap_label(text: str, max_width: float, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    """`text` in lines of at most `max_width` (estimated), words kept whole where they fit;
    past `max_lines` the last line is cut with "…"."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
            continue
        rest = word
        while text_width(rest) > max_width:  # a word longer than a line is split
            keep = max(int(max_width // GLYPH_WIDTH) - 1, 1)
            lines.append(rest[:keep] + "-")
            rest = rest[keep:]
        lines.append(rest)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], shorten(" ".join(lines[max_lines - 1 :]), max_width)]
    return tuple(lines)


def layout_sankey(
    flows: Flows,
    *,
    width: float = WIDTH,
    height: float = HEIGHT,
    names: Mapping[str, str] | None = None,
) -> SankeyLayout:
    """`names` gives each node's shown name (stage names); counts follow it, as `1,204`."""
    if not flows.columns or not flows.entered:
        return SankeyLayout(width, height, (), ())
    names = names or {}
    count = len(flows.columns)
    most_nodes = max(len(column) for column in flows.columns)
    scale = (height - 2 * MARGIN - GAP * (most_nodes - 1)) / flows.entered
    step_x = (width - NODE_WIDTH - 2 * MARGIN - LAST_LABEL_ROOM) / max(count - 1, 1)
    room = min(step_x, LAST_LABEL_ROOM) - NODE_WIDTH - 2 * LABEL_GAP
    nodes: dict[tuple[int, str], NodeBox] = {}
    lowest = height
    for index, column in enumerate(flows.columns):
        y = MARGIN
        free_from = 0.0  # where the next label of this column may start
        # Drop-off sits at the bottom of each column so the journey reads along the top.
        for name, persons in sorted(column.items(), key=lambda kv: (kv[0] == DROP_OFF, -kv[1])):
            full = f"{names.get(name, name)} {persons:,}"
            lines = wrap_label(full, room)
            top = max(y, free_from)
            box = NodeBox(
                index,
                name,
                persons,
                MARGIN + index * step_x,
                y,
                persons * scale,
                lines,
                top + LABEL_LINE - 2,
                full,
            )
            nodes[(index, name)] = box
            free_from = top + LABEL_LINE * len(lines) + 2
            lowest = max(lowest, free_from + MARGIN)
            y += box.height + GAP
    out_offset = dict.fromkeys(nodes, 0.0)
    in_offset = dict.fromkeys(nodes, 0.0)
    bands = []
    for link in flows.links:
        source = nodes[(link.step, link.source)]
        target = nodes[(link.step + 1, link.target)]
        thickness = link.persons * scale
        y0 = source.y + out_offset[(link.step, link.source)] + thickness / 2
        y1 = target.y + in_offset[(link.step + 1, link.target)] + thickness / 2
        out_offset[(link.step, link.source)] += thickness
        in_offset[(link.step + 1, link.target)] += thickness
        x0, x1 = source.x + NODE_WIDTH, target.x
        middle = (x0 + x1) / 2
        path = (
            f"M {x0:.1f} {y0:.1f} C {middle:.1f} {y0:.1f} {middle:.1f} {y1:.1f} {x1:.1f} {y1:.1f}"
        )
        bands.append(
            Band(
                link.source,
                link.target,
                link.step,
                link.persons,
                path,
                link.target == DROP_OFF,
                thickness,
            )
        )
    return SankeyLayout(width, lowest, tuple(nodes.values()), tuple(bands))
