"""The transitions of the workbench as a node-edge graph, laid out on the server as SVG.

Nodes are the stages, touchpoints or events of `analytics.transitions`, in columns by their
fewest steps from the start (the start node first, the end node last); within a column the
busiest node is on top. Each edge's width grows with its count; its label says the share of
the source's exits it carries and the median time it takes. Edges that go back (or stay in a
column, or skip one) arc below the nodes so they never cross them. Only the busiest edges are
drawn (`TOP_EDGES`); the table under the graph lists every edge, and is its text alternative.
The SVG keeps its size and scrolls inside its box on a narrow screen (390 px) instead of
shrinking its labels out of legibility."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from journeymap.analytics.sequences import END, START
from journeymap.i18n import format_duration, format_percent
from journeymap.i18n import gettext as _

TOP_EDGES = 24
COLUMN = 280.0
ROW = 74.0
NODE_W = 150.0
NODE_H = 34.0
MARGIN = 24.0
LABEL_CHARS = 22
MAX_STROKE = 12.0


@dataclass(frozen=True)
class GraphNode:
    id: str
    name: str
    label: str
    """The name cut to fit the box (the full name is the node's title)."""
    x: float
    y: float
    count: int
    """Transitions into the node (out of it for the start node)."""


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    path: str
    width: float
    label: str
    """`42% · 2 hours`: share of the source's exits, median time (when there is one)."""
    label_x: float
    label_y: float
    title: str
    back: bool
    """Goes back to an earlier column (or stays in one, or loops)."""
    arc: bool
    """Drawn as an arc below the nodes (going back or skipping a column)."""


@dataclass(frozen=True)
class TransitionGraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: float
    height: float
    shown: int
    total: int
    """Edges drawn and edges in the table."""

    @property
    def summary(self) -> str:
        return _(
            "Transitions graph: {nodes} nodes, the {shown} busiest of {total} edges; the table "
            "below lists every edge",
            nodes=len(self.nodes),
            shown=self.shown,
            total=self.total,
        )


def layout_transitions(rows: list[dict[str, Any]], top: int = TOP_EDGES) -> TransitionGraph:
    """`rows` as the workbench's transitions table has them: `source`, `target` (display
    names; the start and end nodes as `__start__`/`__end__`), `count`, `median_seconds`."""
    kept = sorted(rows, key=lambda r: (-int(r["count"] or 0), str(r["source"]), str(r["target"])))
    kept = kept[:top]
    exits: dict[str, int] = defaultdict(int)
    for row in rows:
        exits[str(row["source"])] += int(row["count"] or 0)
    layers = _layers(kept)
    columns: dict[int, list[str]] = defaultdict(list)
    into: dict[str, int] = defaultdict(int)
    for row in kept:
        into[str(row["target"])] += int(row["count"] or 0)
    into[START] = exits.get(START, 0)
    for node, layer in layers.items():
        columns[layer].append(node)
    places: dict[str, tuple[float, float]] = {}
    nodes = []
    for layer in sorted(columns):
        for n, node in enumerate(sorted(columns[layer], key=lambda v: (-into[v], v))):
            x, y = MARGIN + layer * COLUMN, MARGIN + n * ROW
            places[node] = (x, y)
            name = _node_name(node)
            nodes.append(GraphNode(node, name, _cut(name), x, y, into[node]))
    deepest = max((len(c) for c in columns.values()), default=0)
    bottom = MARGIN + deepest * ROW
    heaviest = max((int(r["count"] or 0) for r in kept), default=1) or 1
    edges = [
        _edge(row, places=places, layers=layers, exits=exits, heaviest=heaviest, bottom=bottom, n=n)
        for n, row in enumerate(kept)
    ]
    back_room = ROW + 20 if any(e.arc for e in edges) else 0.0
    width = MARGIN * 2 + (max(layers.values(), default=0)) * COLUMN + NODE_W
    return TransitionGraph(nodes, edges, width, bottom + back_room + MARGIN, len(kept), len(rows))


def _layers(rows: list[dict[str, Any]]) -> dict[str, int]:
    """Fewest steps from the start (breadth first over the drawn edges); the end node after
    every other; nodes the start does not reach follow their first drawn source."""
    following: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        following[str(row["source"])].append(str(row["target"]))
    layers: dict[str, int] = {START: 0}
    frontier = [START]
    while frontier:
        nxt = []
        for node in frontier:
            for target in following[node]:
                if target not in layers and target != END:
                    layers[target] = layers[node] + 1
                    nxt.append(target)
        frontier = nxt
    for row in rows:  # sources the start never reaches among the drawn edges
        for node in (str(row["source"]), str(row["target"])):
            if node not in layers and node != END:
                layers[node] = 1
    if any(str(row["target"]) == END for row in rows):
        layers[END] = max(layers.values()) + 1
    if not any(str(row["source"]) == START for row in rows):
        layers.pop(START)
    return layers


def _edge(
    row: dict[str, Any],
    *,
    places: dict[str, tuple[float, float]],
    layers: dict[str, int],
    exits: dict[str, int],
    heaviest: int,
    bottom: float,
    n: int,
) -> GraphEdge:
    source, target = str(row["source"]), str(row["target"])
    count = int(row["count"] or 0)
    (sx, sy), (tx, ty) = places[source], places[target]
    back = layers[target] <= layers[source]
    middle = NODE_H / 2
    if back or layers[target] - layers[source] > 1:
        # leave and enter from below, arcing under the columns, so that an edge going back
        # or skipping a column never crosses the nodes between; a loop leaves left, enters right
        x1, y1 = sx + NODE_W / 2 - 24, sy + NODE_H
        x2, y2 = tx + NODE_W / 2 + 24, ty + NODE_H
        loop = source == target
        low = y1 + 44 if loop else bottom + 36 + (n % 3) * 18
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
        # a cubic with both control points at `low` bottoms out three quarters of the way down
        label_x, label_y = (x1 + x2) / 2, max(y1, y2) + 0.75 * (low - max(y1, y2)) + 14
    else:
        x1, y1 = sx + NODE_W, sy + middle
        x2, y2 = tx, ty + middle
        bend = (x2 - x1) / 2
        path = (
            f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} "
            f"{x2:.1f},{y2:.1f}"
        )
        label_x, label_y = (x1 + x2) / 2, (y1 + y2) / 2 - 4
    share = count / exits[source] if exits.get(source) else None
    parts = [format_percent(share)] if share is not None else []
    median = row.get("median_seconds")
    if isinstance(median, int | float) and not math.isnan(median):  # none on start/end edges
        parts.append(format_duration(float(median)))
    label = " · ".join(parts)
    title = _(
        "{source} → {target}: {count} times, {label}",
        source=_node_name(source),
        target=_node_name(target),
        count=count,
        label=label,
    )
    width = round(1.5 + (MAX_STROKE - 1.5) * count / heaviest, 1)
    arc = back or layers[target] - layers[source] > 1
    return GraphEdge(source, target, path, width, label, label_x, label_y, title, back, arc)


def _node_name(node: str) -> str:
    if node == START:
        return _("start")
    if node == END:
        return _("end")
    return node


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
