"""Views of a map: which lanes show, and only one persona or one department; the editor and
the exports read the same view from the page's query (`?lane=actions&persona=olga`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from starlette.datastructures import QueryParams

from journeymap.model import JourneyMap
from journeymap.model.map_edits import STAGE_LANES

ITEM_LANES: tuple[str, ...] = ("touchpoints", "emotions", "barriers", "kpis")
"""The lanes of items (the editor's sections of each stage) a view can hide too."""
VIEW_LANES: tuple[str, ...] = STAGE_LANES + ITEM_LANES
_EMPTY: Mapping[str, object] = {
    "touchpoints": [],
    "emotions": {},
    "barriers": [],
    "kpis": [],
}


@dataclass(frozen=True)
class MapView:
    hidden: frozenset[str] = frozenset()
    """Lanes not shown."""
    persona: str = ""
    """Only this persona (its id); empty: every persona."""
    department: str = ""
    """Only the touchpoints of this department; empty: all."""

    def shows(self, lane: str) -> bool:
        return lane not in self.hidden

    @property
    def query(self) -> str:
        """The view as a query string (empty for the whole map)."""
        if not (self.hidden or self.persona or self.department):
            return ""
        pairs: list[tuple[str, str]] = [("view", "1")]
        pairs += [("lane", lane) for lane in VIEW_LANES if lane not in self.hidden]
        pairs += [("persona", self.persona)] if self.persona else []
        pairs += [("department", self.department)] if self.department else []
        return urlencode(pairs)


def view_from(params: QueryParams, journey: JourneyMap) -> MapView:
    """The view a query asks for; `view=1` marks a view form (its unticked lanes are hidden),
    unknown personas and departments are ignored."""
    shown: Sequence[str] = params.getlist("lane") if params.get("view") else VIEW_LANES
    persona = params.get("persona", "")
    department = params.get("department", "")
    return MapView(
        hidden=frozenset(lane for lane in VIEW_LANES if lane not in shown),
        persona=persona if persona in {p.id for p in journey.personas} else "",
        department=department if department in departments(journey) else "",
    )


def editor_view_of(request: Request, journey: JourneyMap) -> MapView:
    """The view of the editor page; an htmx swap keeps the view of the page it came from."""
    current = request.headers.get("HX-Current-URL")
    if current and not request.query_params:
        return view_from(QueryParams(urlsplit(current).query), journey)
    return view_from(request.query_params, journey)


def departments(journey: JourneyMap) -> list[str]:
    """The departments that own touchpoints, in map order."""
    found = [t.department for t in journey.touchpoints if t.department]
    return list(dict.fromkeys(found))


def filtered(journey: JourneyMap, view: MapView) -> JourneyMap:
    """A copy of the map showing only what the view shows (for the exports)."""
    touchpoints = [
        t for t in journey.touchpoints if not view.department or t.department == view.department
    ]
    kept = {t.id for t in touchpoints}
    stages = []
    for stage in journey.stages:
        changes: dict[str, object] = {lane: [] for lane in STAGE_LANES if lane in view.hidden}
        changes |= {lane: _EMPTY[lane] for lane in ITEM_LANES if lane in view.hidden}
        if "touchpoints" not in changes:
            changes["touchpoints"] = [t for t in stage.touchpoints if t in kept]
        if view.persona and "emotions" not in changes:
            changes["emotions"] = {p: e for p, e in stage.emotions.items() if p == view.persona}
        stages.append(stage.model_copy(update=changes))
    personas = [p for p in journey.personas if not view.persona or p.id == view.persona]
    return journey.model_copy(
        update={"stages": stages, "touchpoints": touchpoints, "personas": personas}
    )
