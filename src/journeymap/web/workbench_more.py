"""The workbench's retention triangle, attribution and segment comparison (the library's
analyses, as `journeymap analyze retention|attribution|segments` runs them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeymap.i18n import gettext as _
from journeymap.web.workbench_result import AnalysisResult, Column, bars_of

if TYPE_CHECKING:
    import ibis

    from journeymap.web.workbench_query import WorkbenchQuery


class QueryProblemError(ValueError):
    """The query names something the data do not have: the page says what, in the UI language."""


def require_event(events: ibis.Table, name: str) -> None:
    from journeymap.analytics.steps import available_names, closest

    known = available_names(events, "event")
    if name not in known:
        near = ", ".join(closest(name, known)) or "—"
        raise QueryProblemError(_("no event named {name!r}; closest: {near}", name=name, near=near))


def run_retention(events: ibis.Table, query: WorkbenchQuery) -> AnalysisResult:
    from journeymap.analytics.retention import data_through, retention, retention_matrix

    require_event(events, query.start)
    require_event(events, query.return_event)
    cells = retention(events, query.start, query.return_event, query.period)  # type: ignore[arg-type]
    found = cells.to_pyarrow().to_pylist()
    sizes = {str(c["cohort"]): int(c["cohort_persons"]) for c in found}
    matrix = retention_matrix(found, query.period, data_through(events))  # type: ignore[arg-type]
    horizon = max((len(shares) for shares in matrix.values()), default=0)
    columns = [Column("cohort", _("Cohort")), Column("persons", _("Persons"), "number")]
    columns += [
        Column(f"p{offset}", _("Period {n}", n=offset), "percent") for offset in range(horizon)
    ]
    rows: list[dict[str, Any]] = [
        {
            "cohort": cohort[:10],
            "persons": sizes.get(cohort),
            **{f"p{k}": share for k, share in enumerate(shares)},
        }
        for cohort, shares in matrix.items()
    ]
    return AnalysisResult(_("Retention"), columns, rows, heat=True)


def run_attribution(events: ibis.Table, query: WorkbenchQuery) -> AnalysisResult:
    from journeymap.analytics.attribution.events import has_touches, touches_from_events
    from journeymap.analytics.attribution.models import attribute

    require_event(events, query.conversion)
    if not has_touches(events, query.conversion, by=query.credit_by):
        raise QueryProblemError(
            _(
                "no event other than {conversion!r} has a {by}: attribution has nothing to credit",
                conversion=query.conversion,
                by=query.credit_by,
            )
        )
    touches = touches_from_events(events, query.conversion, by=query.credit_by)
    rows = [
        {"model": result.model, **credit}
        for result in (attribute(touches, model) for model in query.models)
        for credit in result.as_dict()["credits"]
    ]
    columns = [
        Column("model", _("Model")),
        Column("label", _("Channel or touchpoint")),
        Column("conversions", _("Credited conversions"), "number"),
        Column("value", _("Credited value"), "number"),
    ]
    first = [row for row in rows if row["model"] == query.models[0]]
    for row in rows:
        row["conversions"] = round(float(row["conversions"]), 3)
        row["value"] = round(float(row["value"]), 2)
    bars = bars_of(sorted(first, key=lambda r: -r["conversions"]), "label", "conversions", "number")
    return AnalysisResult(_("Attribution"), columns, rows, bars)


def run_segments(events: ibis.Table, query: WorkbenchQuery) -> AnalysisResult:
    from journeymap.analytics.segmentation import SegmentBy
    from journeymap.analytics.segments import compare_segments

    require_event(events, query.conversion)
    if query.start:
        require_event(events, query.start)
    by = SegmentBy.parse(query.segment)
    compared = compare_segments(events, by, query.conversion, start_event=query.start or None)
    rows = [
        {
            "segment": row.segment,
            "persons": row.persons,
            "converted": row.converted,
            "conversion": row.conversion,
            "conversion_rest": row.conversion_rest,
            "q_conversion": round(row.q_conversion, 4),
            "median_seconds": row.median_seconds,
            "significant": _("yes") if row.significant_conversion else _("no"),
        }
        for row in compared.rows
    ]
    columns = [
        Column("segment", _("Segment")),
        Column("persons", _("Persons"), "number"),
        Column("converted", _("Converted"), "number"),
        Column("conversion", _("Conversion"), "percent"),
        Column("conversion_rest", _("Conversion of the rest"), "percent"),
        Column("q_conversion", _("q (BH-corrected p)"), "number"),
        Column("median_seconds", _("Median time to convert"), "seconds"),
        Column("significant", _("Significant difference")),
    ]
    bars = bars_of(rows, "segment", "conversion", "percent")
    return AnalysisResult(_("Segment comparison"), columns, rows, bars)
