"""`build_report`: every analysis of a map over a store's events, assembled for rendering.

Each section runs only when it has data; a section left out gets a note saying why, so a
report over a fresh store still renders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import ibis.expr.types as ir

from journeymap.analytics.bind import bind_events
from journeymap.analytics.costs.kpi_costs import CostSettings
from journeymap.analytics.kpi import evaluate_kpis
from journeymap.analytics.kpi_effect import EffectLookup
from journeymap.analytics.repeat_counts import DEFAULT_REPEAT_BY, RepeatBy, check_repeat_by
from journeymap.analytics.stages import grouped_stage_metrics, staged_events
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.report.channel_economics import add_channel_economics, report_cost_settings
from journeymap.report.data import ReportData
from journeymap.report.feedback_section import feedback_section
from journeymap.report.findings import barrier_impacts, drift, suggested_barriers
from journeymap.report.flows import stage_flows
from journeymap.report.funnel import stage_funnel
from journeymap.report.interventions_section import interventions_section
from journeymap.report.measurability import (
    blank_unmeasured,
    shadowed_touchpoints,
    unmeasured_stages,
)
from journeymap.report.measures import (
    data_facts,
    touchpoint_persons,
    unbound_events,
)
from journeymap.report.personalization_section import personalization_section
from journeymap.report.repeat_section import PURCHASE_EVENTS, purchase_event, repeat_section
from journeymap.report.scope import SegmentFilter, scoped_events
from journeymap.report.segment_groups import segment_groups
from journeymap.report.segments_section import (
    TOP_VALUES,
    default_segmentations,
    measured_segmentations,
)
from journeymap.store import Store

if TYPE_CHECKING:
    from journeymap.orchestrate.chain import Chain
    from journeymap.personalize.catalog import Catalog


def build_report(
    store_or_events: Store | ir.Table,
    journey: JourneyMap,
    *,
    segment: str | SegmentFilter | None = None,
    segments_by: Sequence[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    now: dt.datetime | None = None,
    repeat_by: RepeatBy = DEFAULT_REPEAT_BY,
    catalog: Catalog | None = None,
    costs: CostSettings | None = None,
    chains: Sequence[Chain] | None = None,
    workspace: Path | None = None,
) -> ReportData:
    """The report's numbers for `journey` over the events (a Store or an events table).

    `segments_by` names the segmentations of the segment switcher (`trait:region`, `channel`,
    ...); None takes the map's simulation traits the data carries, an empty list none.
    `repeat_by` says what one purchase is for the repeat-purchase section and every KPI
    `repeat_rate` (`orders` or distinct `days`, see `analytics.repeat_counts`).
    `catalog` (the workspace's content catalog) adds the personalization section.
    `costs` (default: the store's `costs` table, linear model) feed the channel economics
    section and the `romi`/`cac`/`cpa`/`drr` KPIs.
    `chains` (the workspace's automations) give the interventions section the goals of the
    chains the map's solutions name.
    `workspace` (its root) holds a Spark store's chain runs (their side file) for `effect(...)`
    KPIs.
    """
    check_repeat_by(repeat_by)
    events = store_or_events.events() if isinstance(store_or_events, Store) else store_or_events
    chosen = SegmentFilter.parse(segment) if isinstance(segment, str) else segment
    events = scoped_events(events, segment=chosen, start=start, end=end)
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    data = ReportData(
        journey=journey,
        generated_at=stamp.isoformat(),
        facts=data_facts(events),
        segment=chosen.describe() if chosen else None,
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        repeat_by=repeat_by,
    )
    if data.facts["events"] == 0:
        data.notes.append(_("no events in the store for this scope: ingest events first"))
        return data
    # Bound once: every section below reads this table (binding parses each event's JSON).
    with bind_events(events, journey, joined_occurrences=True).cache() as bound:
        costs = report_cost_settings(store_or_events, costs, start, end)
        effects = _chain_effects(store_or_events, chains, stamp, journey, workspace)
        _add_sections(data, events, bound, journey, segments_by, costs=costs, effects=effects)
        add_channel_economics(data, costs, bound)
        data.personalization = personalization_section(
            events, bound, journey, catalog, simulated=data.simulated
        )
        data.interventions = interventions_section(
            store_or_events,
            journey,
            chains,
            simulated=data.simulated,
            now=stamp,
            workspace=workspace,
        )
    return data


def _add_sections(
    data: ReportData,
    events: ir.Table,
    bound: ir.Table,
    journey: JourneyMap,
    segments_by: Sequence[str] | None,
    *,
    costs: CostSettings | None = None,
    effects: EffectLookup | None = None,
) -> None:
    staged = staged_events(bound, journey)
    order = [stage.id for stage in journey.stages]
    data.unmeasured = unmeasured_stages(journey)
    specs = default_segmentations(events, journey) if segments_by is None else segments_by
    # all persons and every segment value of the switcher, measured in one pass
    with segment_groups(bound, specs, TOP_VALUES) as grouping:
        measured = grouped_stage_metrics(bound, journey, grouping.groups, grouping.names)
    metrics = measured.everyone
    data.stages = replace(metrics, stages=blank_unmeasured(metrics.stages, data.unmeasured, order))
    if not data.stages.persons_first_stage and not any(r.persons for r in data.stages.stages):
        data.notes.append(_("no event matches a touchpoint of a stage: check the bindings"))
    data.notes += [
        f"{why}. Its reach, the conversion into and out of it and the barriers derived from "
        "them are left out; its KPIs read the events directly and still count"
        for why in data.unmeasured.values()
    ]
    data.kpis = evaluate_kpis(
        bound, journey, repeat_by=data.repeat_by, costs=costs, effects=effects
    )
    if not data.kpis:
        data.notes.append(_("the map has no KPIs"))
    data.flows = stage_flows(staged)
    data.funnel = [
        replace(step, share_of_entrants=None) if step.stage in data.unmeasured else step
        for step in stage_funnel(data.stages, data.flows)
    ]
    data.time_in_stage = measured.time_quantiles
    touchpoints = touchpoint_persons(bound)
    data.barriers = barrier_impacts(
        journey, data.stages, touchpoints, unmeasurable=shadowed_touchpoints(journey)
    )
    data.suggested_barriers = suggested_barriers(journey, data.stages)
    data.drift = drift(journey, data.flows, touchpoints, unbound_events(bound))
    data.segmentations = [
        replace(
            seg,
            values=[
                replace(v, stages=blank_unmeasured(v.stages, data.unmeasured, order))
                for v in seg.values
            ],
        )
        for seg in measured_segmentations(grouping, journey, measured.groups)
    ]
    _add_repeat_purchase(data, bound, journey, data.repeat_by)
    _add_feedback(data, bound, journey)


def _chain_effects(
    source: Store | ir.Table,
    chains: Sequence[Chain] | None,
    now: dt.datetime,
    journey: JourneyMap,
    workspace: Path | None,
) -> EffectLookup:
    """`effect(...)` KPIs read the chains' runs in the store, a Spark store's in the
    workspace's side file (`orchestrate.kpi_effects`)."""
    from journeymap.orchestrate.kpi_effects import effect_lookup

    store = source if isinstance(source, Store) else None
    return effect_lookup(
        store, chains or (), now=now, maps={journey.id: journey}, workspace=workspace
    )


def _add_feedback(data: ReportData, bound: ir.Table, journey: JourneyMap) -> None:
    data.feedback = feedback_section(bound, journey)
    if data.feedback is None:
        data.notes.append(
            _(
                "feedback and measured emotions: no `Survey Answered` events in the data; the "
                "emotion curve is the designed one"
            )
        )
        return
    data.suggested_barriers += data.feedback.barriers


def _add_repeat_purchase(
    data: ReportData, bound: ir.Table, journey: JourneyMap, repeat_by: RepeatBy
) -> None:
    purchase = purchase_event(bound)
    if purchase is None:
        data.notes.append(
            _(
                "retention and repeat purchase: no purchase events ({purchase_events}) in the data",
                purchase_events=", ".join(PURCHASE_EVENTS),
            )
        )
        return
    data.repeat_purchase = repeat_section(bound, journey, data.kpis, purchase, repeat_by)
