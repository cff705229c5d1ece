"""The living-map report's numbers as JSON: `GET /v1/maps/{name}/report`, the same document as
`journeymap report MAP --format json`, with the command's options as query parameters.

The workspace's content catalog, automation chains and cost settings feed it as they feed the
command. The KPI trends are the snapshots earlier `journeymap report` runs saved, followed by
this report's own figures; a GET saves no snapshot (reads change nothing).

A report asked before with the same options, over the same map, store data version and
workspace files, is read from the workspace's report cache (`report.report_cache`, shared with
the web app's report page) instead of built again; a new ingest changes the data version and
so builds afresh.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from journeymap.api.analytics_query import analytics_errors, json_safe
from journeymap.api.deps import ReadKey, ServiceDep
from journeymap.api.errors import ApiError
from journeymap.api.language import language_query
from journeymap.api.map_lookup import load_journey, map_file
from journeymap.api.read_models import READ_ERRORS
from journeymap.i18n import get_language
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from pathlib import Path

    from journeymap.analytics.costs.kpi_costs import CostSettings
    from journeymap.model.workspace import Workspace
    from journeymap.orchestrate.chain import Chain
    from journeymap.personalize.catalog import Catalog
    from journeymap.report.scope import SegmentFilter
    from journeymap.store import Store

router = APIRouter(
    prefix="/v1/maps",
    tags=["maps"],
    dependencies=[Depends(language_query)],
    responses=READ_ERRORS,
)
REPORT_EXAMPLE = {
    "map": {"id": "seed-shop-first-purchase", "title": "Online seed shop"},
    "generated_at": "2026-03-07T10:00:00+00:00",
    "segment": None,
    "from": None,
    "to": None,
    "repeat_by": "orders",
    "stages": {"stages": [{"stage": "awareness", "persons": 6, "conversion_to_next": 0.67}]},
    "kpis": [{"kpi": "conversion", "value": 0.17, "status": "below_target"}],
    "funnel": [{"stage": "awareness", "persons": 6}],
    "notes": [],
}


def _segment(text: str | None) -> SegmentFilter | None:
    from journeymap.report.scope import SegmentFilter

    if text is None:
        return None
    try:
        return SegmentFilter.parse(text)
    except ValueError:
        message = _(
            "cannot read segment {text}; write KEY=VALUE, e.g. channel=web or trait:plan=pro",
            text=repr(text),
        )
        raise ApiError(422, "invalid_segment", message, "segment") from None


def _segmentations(specs: list[str] | None) -> list[str] | None:
    """As the command's `--segments-by`: None for the map's default, `none` for no switcher."""
    from journeymap.report.segments_section import checked_specs

    if not specs:
        return None
    if [spec.strip().lower() for spec in specs] == ["none"]:
        return []
    try:
        return checked_specs(specs)
    except ValueError:
        message = _(
            "cannot read a segmentation of {specs}; use trait:KEY, property:KEY, channel, "
            "column:NAME or none",
            specs=", ".join(specs),
        )
        raise ApiError(422, "invalid_segments_by", message, "segments_by") from None


def _catalog(workspace: Workspace | None) -> Catalog | None:
    """The content catalog; one with mistakes is left out, as the command does."""
    from journeymap.model import MapError
    from journeymap.personalize.catalog import load_catalog

    if workspace is None:
        return None
    try:
        catalog = load_catalog(workspace)
    except MapError:
        return None
    return catalog if catalog.files else None


def loadable_chains(workspace: Workspace | None) -> list[Chain]:
    """The workspace's automation chains; none when there is no workspace or they do not load
    (`journeymap automations validate` shows why)."""
    from journeymap.model import MapError
    from journeymap.report.interventions_section import workspace_chains

    if workspace is None:
        return []
    try:
        return workspace_chains(workspace.root, workspace.map_paths())
    except MapError:
        return []


def workspace_costs(store: Store, workspace: Workspace | None) -> CostSettings:
    """The store's costs with the workspace's attribution model and currency rates."""
    from journeymap.analytics.costs import canonical_model
    from journeymap.analytics.costs.kpi_costs import CostSettings
    from journeymap.events.currency_rates import CurrencyError, read_rates

    if workspace is None:
        return CostSettings(store.table("costs"), model="linear", rates=None)
    rates = None
    if workspace.config.costs.rates:
        path = workspace.root / workspace.config.costs.rates
        try:
            rates = read_rates(str(path))
        except (OSError, CurrencyError):
            message = _("the workspace's currency rates {path} cannot be read", path=str(path))
            raise ApiError(422, "invalid_rates", message, "name") from None
    model = canonical_model(workspace.config.costs.model)
    return CostSettings(store.table("costs"), model=model, rates=rates)


def _rates_file(workspace: Workspace | None) -> Path | None:
    """The workspace's currency rates file, when it names one."""
    if workspace is None or not workspace.config.costs.rates:
        return None
    return workspace.root / workspace.config.costs.rates


@router.get(
    "/{name}/report",
    summary="The living-map report's numbers (as `journeymap report --format json`)",
    responses={200: {"content": {"application/json": {"example": REPORT_EXAMPLE}}}},
)
def map_report(
    name: str,
    *,
    service: ServiceDep,
    _key: ReadKey,
    segment: Annotated[
        str | None,
        Query(description="Only persons of a segment: KEY=VALUE (as --segment), e.g. channel=web."),
    ] = None,
    segments_by: Annotated[
        list[str] | None,
        Query(
            description="Segmentations of the segment switcher (trait:KEY, property:KEY, "
            "channel, column:NAME; repeat; 'none' for none). Default: the map's simulation traits "
            "the data carries (as --segments-by)."
        ),
    ] = None,
    since: Annotated[
        dt.date | None, Query(description="First day (UTC) of data, YYYY-MM-DD (as --from).")
    ] = None,
    until: Annotated[
        dt.date | None, Query(description="Last day (UTC) of data, YYYY-MM-DD (as --to).")
    ] = None,
    repeat_by: Annotated[
        Literal["orders", "days"],
        Query(description="What one purchase is for repeat purchases (as --repeat-by)."),
    ] = "orders",
) -> Response:
    import json

    from journeymap.model import MapError
    from journeymap.model.workspace import find_workspace
    from journeymap.report.build import build_report
    from journeymap.report.report_cache import (
        CachedReport,
        ReportCache,
        costs_key,
        report_key,
        workspace_inputs,
    )
    from journeymap.report.snapshots import (
        design_digest,
        load_trends,
        snapshot_folder,
        snapshot_record,
    )
    from journeymap.store.data_version import data_version

    if since is not None and until is not None and since > until:
        raise ApiError(422, "invalid_range", _("since is after until; swap the dates"), "since")
    chosen, switcher = _segment(segment), _segmentations(segments_by)
    found = map_file(service.settings.maps, name, "name")
    journey = load_journey(found, "name")
    try:
        workspace = find_workspace(found.path)
    except MapError:
        workspace = None
    root = workspace.root if workspace else found.path.parent
    cache = ReportCache(root)
    with service.read.store.open() as store, analytics_errors("segment"):
        costs = workspace_costs(store, workspace)
        key = report_key(
            journey,
            segment=chosen.describe() if chosen else "",
            start=since,
            end=until,
            language=get_language(),
            data_version=data_version(store),
            inputs=workspace_inputs(workspace) if workspace else "",
            segments_by=switcher,
            repeat_by=repeat_by,
            costs=costs_key(costs.model, _rates_file(workspace)),
        )
        entry = cache.get(key)
        if entry is None:
            data = build_report(
                store,
                journey,
                segment=chosen,
                segments_by=switcher,
                start=since,
                end=until,
                repeat_by=repeat_by,
                catalog=_catalog(workspace),
                costs=costs,
                chains=loadable_chains(workspace),
                workspace=workspace.root if workspace else None,
            )
            entry = CachedReport(data)
            cache.put(key, entry)
    data = entry.data
    latest = snapshot_record(
        journey.id,
        data.generated_at,
        data.kpis,
        data.segment,
        stages=data.stages,
        design=design_digest(data.journey),
    )
    data.kpi_trends = load_trends(snapshot_folder(root, journey.id), data.segment, latest=latest)
    text = json.dumps(json_safe(data.as_dict()), ensure_ascii=False)
    return Response(text, media_type="application/json")
