"""Geometry of the Sankey of real paths (SVG user units): node boxes per column, link bands."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.report.flows import DROP_OFF, Flows

WIDTH = 960.0
HEIGHT = 360.0
NODE_WIDTH = 14.0
GAP = 14.0
MARGIN = 8.0


@dataclass(frozen=True)
class NodeBox:
    column: int
    name: str
    persons: int
    x: float
    y: float
    height: float

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


def layout_sankey(flows: Flows, *, width: float = WIDTH, height: float = HEIGHT) -> SankeyLayout:
    if not flows.columns or not flows.entered:
        return SankeyLayout(width, height, (), ())
    count = len(flows.columns)
    most_nodes = max(len(column) for column in flows.columns)
    scale = (height - 2 * MARGIN - GAP * (most_nodes - 1)) / flows.entered
    step_x = (width - NODE_WIDTH - 2 * MARGIN - 120) / max(count - 1, 1)
    nodes: dict[tuple[int, str], NodeBox] = {}
    for index, column in enumerate(flows.columns):
        y = MARGIN
        # Drop-off sits at the bottom of each column so the journey reads along the top.
        for name, persons in sorted(column.items(), key=lambda kv: (kv[0] == DROP_OFF, -kv[1])):
            box = NodeBox(index, name, persons, MARGIN + index * step_x, y, persons * scale)
            nodes[(index, name)] = box
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
    return SankeyLayout(width, height, tuple(nodes.values()), tuple(bands))
