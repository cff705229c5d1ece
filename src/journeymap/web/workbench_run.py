"""The workbench's funnel, paths (with the report's Sankey layout) and transitions: the
library's analyses (`journeymap.analytics`), as `journeymap analyze ...` runs them, shaped
into tables and bars for the page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.i18n import gettext as _
from journeymap.web.workbench_result import AnalysisResult, Column, bars_of

if TYPE_CHECKING:
    import ibis

    from journeymap.analytics.sequences import NodeKind
    from journeymap.report.flows import Flows
    from journeymap.web.workbench_query import WorkbenchQuery


def run_funnel(events: ibis.Table, query: WorkbenchQuery) -> AnalysisResult:
    from journeymap.analytics.funnel import funnel

    result = funnel(
        events,
        list(query.steps),
        window=query.window,
        order=query.order,  # type: ignore[arg-type]  # one of ORDERS
        breakdown=query.breakdown or None,
    )
    data = result.to_dict()
    columns = [
        Column("step", _("Step")),
        Column("name", _("Name")),
        Column("persons", _("Persons"), "number"),
        Column("conversion_from_start", _("From the first step"), "percent"),
        Column("conversion_from_previous", _("From the previous step"), "percent"),
        Column("median_seconds_from_previous", _("Median time from the previous"), "seconds"),
    ]
    rows = [{"step": n, **_step(s)} for n, s in enumerate(data["steps"], start=1)]
    bars = bars_of(rows, "name", "persons", "number")
    if "breakdown" in data:
        columns.insert(0, Column("breakdown", query.breakdown))
        rows = [
            {"breakdown": group["value"], "step": n, **_step(s)}
            for group in data["breakdown"]
            for n, s in enumerate(group["steps"], start=1)
        ]
    return AnalysisResult(_("Funnel"), columns, rows, bars)


def _step(step: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "name",
        "persons",
        "conversion_from_start",
        "conversion_from_previous",
        "median_seconds_from_previous",
    )
    return {key: step[key] for key in keys}


def run_paths(events: ibis.Table, query: WorkbenchQuery) -> AnalysisResult:
    from journeymap.analytics.paths import paths, sankey_links, variants

    options: dict[str, Any] = {
        "start": query.start or None,
        "end": query.end or None,
        "max_steps": query.max_steps,
        "by": _node_kind(query.by),
    }
    rows = variants(events, top=query.top, **options).to_pyarrow().to_pylist()
    columns = [
        Column("variant", _("Path")),
        Column("length", _("Steps"), "number"),
        Column("cases", _("Cases"), "number"),
        Column("persons", _("Persons"), "number"),
        Column("share", _("Share"), "percent"),
    ]
    nodes = paths(events, **options).to_pyarrow().to_pylist()
    links = sankey_links(events, **options).to_pyarrow().to_pylist()
    result = AnalysisResult(_("Paths"), columns, rows, bars_of(rows, "variant", "cases", "number"))
    result.flows = _flows(nodes, links)
    return result


def _flows(nodes: list[dict[str, Any]], links: list[dict[str, Any]]) -> Flows | None:
    """The paths' columns and links as the report's flows (`report.flows`): a case that ended
    shows once, as a drop-off where it ended, not again in every later column."""
    from journeymap.analytics.paths import DROP_OFF
    from journeymap.report.flows import DROP_OFF as ENDED
    from journeymap.report.flows import FlowLink, Flows

    steps = sorted({int(n["step"]) for n in nodes})
    if not steps:
        return None
    first = steps[0]
    kept = [
        FlowLink(int(k["step"]) - first, str(k["source"]), ENDED if k["target"] == DROP_OFF
                 else str(k["target"]), int(k["cases"]))
        for k in links
        if k["source"] != DROP_OFF
    ]  # fmt: skip
    columns: list[dict[str, int]] = [{} for _ in steps]
    for n in nodes:
        if n["node"] != DROP_OFF:
            columns[int(n["step"]) - first][str(n["node"])] = int(n["cases"])
    for link in kept:
        if link.target == ENDED:
            column = columns[link.step + 1]
            column[ENDED] = column.get(ENDED, 0) + link.persons
    columns = [c for c in columns if c]
    return Flows(entered=sum(columns[0].values()), columns=columns, links=kept)


def run_transitions(events: ibis.Table, query: WorkbenchQuery) -> AnalysisResult:
    from journeymap.analytics.transitions import transitions

    edges = transitions(events, by=_node_kind(query.by)).to_pyarrow().to_pylist()
    rows = [
        {
            "edge": f"{edge['source']} → {edge['target']}",
            "source": edge["source"],
            "target": edge["target"],
            "count": edge["count"],
            "persons": edge["persons"],
            "median_seconds": edge["median_seconds"],
        }
        for edge in edges
    ]
    columns = [
        Column("source", _("From")),
        Column("target", _("To")),
        Column("count", _("Times"), "number"),
        Column("persons", _("Persons"), "number"),
        Column("median_seconds", _("Median time"), "seconds"),
    ]
    # drawn as a node-edge graph (`transition_graph`), not as bars
    return AnalysisResult(_("Transitions"), columns, rows, graph=True)


def _node_kind(by: str) -> NodeKind:
    return "touchpoint" if by == "touchpoint" else "stage" if by == "stage" else "event"
