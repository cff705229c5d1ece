"""Profiles, recommendations and next best actions, served from precomputed state."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel

from journeymap.api.deps import ReadKey, ServiceDep
from journeymap.api.errors import ApiError
from journeymap.api.language import language_query
from journeymap.api.read_models import READ_ERRORS, NextBestAction, Recommendations
from journeymap.api.read_state import Precomputed
from journeymap.i18n import gettext as _

router = APIRouter(
    prefix="/v1",
    tags=["personalization"],
    dependencies=[Depends(language_query)],
    responses=READ_ERRORS,
)
PersonPath = Annotated[
    str,
    Path(min_length=1, max_length=500, description="A person id, user id or anonymous id."),
]


# The routes are `async def`: they read precomputed state in memory, and a sync route costs two
# hand-overs of the GIL to and from a worker thread, each up to a switch interval (5 ms) while
# the loader thread runs Python (benchmarks/RESULTS.md, "Recommendation latency under
# collection load"). They answer with the model's own JSON (pydantic's serializer): FastAPI
# would validate the model again and encode it in Python; `response_model` keeps the OpenAPI.


def _json(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def _profile(state: Precomputed, person: str) -> dict[str, Any]:
    profile = state.profiles.profile(person)
    if profile is None:
        raise ApiError(
            404,
            "unknown_person",
            _(
                "no profile for {person}; run `journeymap profiles` after her events",
                person=repr(person),
            ),
            "person",
        )
    return profile


@router.get("/profiles/{person}", summary="A person's profile: stage, interests, traits, channel")
async def get_profile(person: PersonPath, service: ServiceDep, _key: ReadKey) -> dict[str, Any]:
    return _profile(await service.read.get(), person)


@router.get(
    "/recommendations/{person}",
    summary="Items for a person, with a reason each",
    response_model=Recommendations,
)
async def recommendations(
    person: PersonPath,
    service: ServiceDep,
    _key: ReadKey,
    n: Annotated[int, Query(ge=1, le=100, description="How many items.")] = 10,
    stage: Annotated[
        str | None, Query(max_length=200, description="Items for this stage; default: hers.")
    ] = None,
) -> Response:
    state = await service.read.get()
    person_id = state.profiles.person_id(person)
    profile = state.profiles.profile(person)
    chosen = stage if stage is not None else (profile or {}).get("stage")
    items = state.source.recommend(person_id, n=n, stage=chosen)
    return _json(Recommendations(person=person_id, stage=chosen, items=items))


@router.get(
    "/next-best-action/{person}",
    summary="What to do next for a person, for the stage she is in",
    response_model=NextBestAction,
)
async def next_best_action(person: PersonPath, service: ServiceDep, _key: ReadKey) -> Response:
    state = await service.read.get()
    profile = _profile(state, person)
    action = state.source.next_best_action(
        str(profile["person_id"]), map_id=profile.get("map_id"), stage=profile.get("stage")
    )
    return _json(action)
