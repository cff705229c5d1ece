"""Write what the report measured back into the map file, keeping its comments."""

from __future__ import annotations

import datetime as dt

from journeymap.model import Barrier, Evidence, JourneyMap, MapDocument, Measured
from journeymap.report.data import ReportData


class SimulatedDataError(ValueError):
    """The report was measured on simulated events and the caller did not allow writing them."""


def update_map(
    document: MapDocument,
    data: ReportData,
    *,
    today: dt.date | None = None,
    allow_simulated: bool = False,
    reviewed: bool = False,
) -> int:
    """Set `kpis[].measured` and add suggested barriers (`suggested: true`).

    Returns how many KPI values were written. Suggested barriers already in the map (same id)
    are left as they are, so a confirmed or edited suggestion is never overwritten. Numbers
    measured on simulated events are refused (`SimulatedDataError`) unless `allow_simulated`,
    and then written with `simulated: true`. `reviewed` is set to today only when a person
    confirmed the review (`reviewed=True`): measuring is not reviewing.
    """
    written = apply_measurements(
        document.model, data, today=today, allow_simulated=allow_simulated, reviewed=reviewed
    )
    document.save()
    return written


def apply_measurements(
    journey: JourneyMap,
    data: ReportData,
    *,
    today: dt.date | None = None,
    allow_simulated: bool = False,
    reviewed: bool = False,
) -> int:
    """What `update_map` writes, done to `journey` in memory (nothing saved): the app previews
    it and saves it through its own concurrency check."""
    simulated = data.simulated
    if simulated and not allow_simulated:
        raise SimulatedDataError()
    day = today or dt.datetime.now(dt.UTC).date()
    written = 0
    values = {k.kpi: k for k in data.kpis if k.value is not None}
    for stage in journey.stages:
        for kpi in stage.kpis:
            result = values.get(kpi.id)
            if result is not None:
                kpi.measured = Measured(
                    value=round(result.value or 0.0, 6), at=day, persons=result.persons
                )
                if simulated:
                    kpi.measured.simulated = True  # assigned, so the dump writes it
                written += 1
    known = {barrier.id for _, barrier in journey.barriers()}
    for suggestion in data.suggested_barriers:
        if suggestion.id in known:
            continue
        stage = journey.stage(suggestion.stage)
        # Assigned, not appended, so pydantic counts the field as set and the dump keeps it.
        stage.barriers = [
            *stage.barriers,
            Barrier(
                id=suggestion.id,
                text=suggestion.text,
                severity=suggestion.severity,
                suggested=True,
                evidence=[Evidence(source="analytics", note="; ".join(suggestion.evidence))],
            ),
        ]
    if reviewed:
        journey.reviewed = day
    return written
