"""Personalization of a map: per stage, the policy served (role, sources and weights, filters)
and a preview of what a chosen customer, or a persona's typical profile, would be recommended
there, with reasons (JSON twin: `/maps/KEY/personalization.json`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from journeymap.i18n import gettext as _
from journeymap.web.rendering import page
from journeymap.web.serving_source import TYPICAL, recommend, serving_for, with_persona
from journeymap.web.visit import state_of, visit_of
from journeymap.web.workspace_store import PageJourney, open_store

if TYPE_CHECKING:
    from journeymap.model import JourneyMap
    from journeymap.personalize.strategies import ServingState, StagePolicy

router = APIRouter()


@router.get("/maps/{key}/personalization")
@router.get("/maps/{key}/personalization.json")
def personalization(request: Request, key: str, journey: PageJourney) -> Response:
    from journeymap.personalize.profile_store import resolve_person
    from journeymap.web.person_view import profile_here

    person = (request.query_params.get("person") or "").strip()
    persona = (request.query_params.get("persona") or "").strip()
    language = visit_of(request).language
    message = None
    with open_store(request) as store:
        workspace = state_of(request).workspace()
        serving = serving_for(workspace, store, journey)
        person_id = resolve_person(store, person) if person else None
        person_state = None
        if person_id is not None:
            # her profile only when her state is computed (kept in memory, as on her 360 page)
            profile = (
                profile_here(store, journey, workspace, person_id)
                if serving.shared is not None
                else None
            )
            person_state = serving.for_person(store, person_id, profile)
    if person and person_id is None:
        message = _("No customer {person} in the store.", person=repr(person))
    policies = serving.state.policies if serving.state is not None else _policies(journey)
    stages = []
    for stage in journey.stages:
        policy = policies.get(stage.id) or policies[""]
        stages.append(
            {
                "stage": stage.id,
                "name": stage.name,
                **_policy(policy),
                "preview": _preview(
                    person_state or serving.state, journey, stage.id, person_id, persona, language
                ),
            }
        )
    data: dict[str, Any] = {
        "map": key,
        "person": person_id,
        "persona": persona or None,
        "source": "prepared" if serving.prepared else "computed",
        "problem": serving.problem,
        "message": message,
        "stages": stages,
    }
    return page(
        request,
        "personalization.html.j2",
        data,
        status=404 if message else 200,
        key=key,
        journey=journey,
        chosen_person=person,
        chosen_persona=persona,
    )


def _policies(journey: JourneyMap) -> dict[str, StagePolicy]:
    """The map's own policy (or the defaults) when no serving state could be had."""
    from journeymap.personalize.strategies.policy import MapPolicy
    from journeymap.personalize.strategies.serving import PolicyStageError, stage_policies

    try:
        return stage_policies(journey, journey.personalization or MapPolicy())
    except PolicyStageError:  # the page says so (`problem`); show the method's defaults
        return stage_policies(journey, MapPolicy())


def _policy(policy: StagePolicy) -> dict[str, Any]:
    filters = policy.filters.model_dump()
    return {
        "role": policy.role,
        "sources": [{"source": s.source, "weight": s.weight} for s in policy.sources],
        "filters": sorted(name for name, on in filters.items() if on),
        "max_per_category": policy.max_per_category,
    }


def _preview(  # noqa: PLR0917 (one call site, every argument named by position there)
    state: ServingState | None,
    journey: JourneyMap,
    stage: str,
    person_id: str | None,
    persona: str,
    language: str,
) -> list[dict[str, Any]]:
    if state is None:
        return []
    if person_id is not None:
        return recommend(state, person_id, stage=stage, language=language, n=3)
    chosen = next((p for p in journey.personas if p.id == persona), None)
    if chosen is None:
        return []
    return recommend(
        with_persona(state, chosen, stage), TYPICAL, stage=stage, language=language, n=3
    )
