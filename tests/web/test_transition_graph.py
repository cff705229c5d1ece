"""The transitions graph's layout: columns by steps from the start, edges weighted by count,
labelled with share and median time, arcs for edges that go back or skip a column."""

from __future__ import annotations

from typing import Any

from journeymap.analytics.sequences import END, START
from journeymap.web.transition_graph import COLUMN, layout_transitions


def _row(source: str, target: str, count: int, median: float | None = None) -> dict[str, Any]:
    return {"source": source, "target": target, "count": count, "median_seconds": median}


ROWS = [
    _row(START, "Catalog", 10),
    _row("Catalog", "Cart", 6, 120.0),
    _row("Catalog", END, 4),
    _row("Cart", "Catalog", 2, 3600.0),
    _row("Cart", "Order", 3, 60.0),
    _row("Cart", END, 1),
    _row("Order", END, 3),
    _row("Cart", "Cart", 1, 5.0),
]


def test_nodes_stand_in_columns_by_their_steps_from_the_start() -> None:
    graph = layout_transitions(ROWS)
    x = {n.id: n.x for n in graph.nodes}
    assert x[START] < x["Catalog"] < x["Cart"] < x["Order"] < x[END]
    assert x["Cart"] - x["Catalog"] == COLUMN
    assert {n.id: n.name for n in graph.nodes}[START] == "start"
    assert graph.width >= x[END] + 150
    assert (graph.shown, graph.total) == (8, 8)


def test_edges_are_weighted_and_labelled_with_share_and_median_time() -> None:
    edges = {(e.source, e.target): e for e in layout_transitions(ROWS).edges}
    into_cart = edges["Catalog", "Cart"]
    assert into_cart.label == "60% · 2 minutes"  # 6 of the catalog's 10 exits
    assert edges[START, "Catalog"].label == "100%"  # no time on the start edge
    assert edges[START, "Catalog"].width > into_cart.width > edges["Cart", END].width
    assert "Catalog → Cart: 6 times" in into_cart.title
    assert not into_cart.arc
    assert edges["Cart", "Catalog"].back
    assert edges["Cart", "Cart"].back
    assert edges["Catalog", END].arc  # skips the cart and order columns
    assert not edges["Catalog", END].back


def test_only_the_busiest_edges_are_drawn() -> None:
    graph = layout_transitions(ROWS, top=3)
    assert (graph.shown, graph.total) == (3, 8)
    assert {(e.source, e.target) for e in graph.edges} == {
        (START, "Catalog"), ("Catalog", "Cart"), ("Catalog", END),
    }  # fmt: skip
    assert "3 busiest of 8 edges" in graph.summary
