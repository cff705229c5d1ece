"""Recommendations for message templates from any fitted recommender of
`journeymap.personalize.recommenders` (or anything with `recommend_one`): the `recommend`
function a `Runner` takes. Per-stage strategies plug in the same way: any function
`(person_id, profile) -> [{item, reason, ...}]`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from journeymap.orchestrate.sending import Recommend, no_recommendations

if TYPE_CHECKING:
    from journeymap.personalize.strategies.serving import ServingState


class _Reason(Protocol):
    kind: str
    item: str | None
    group: str | None
    value: str | None


class _Recommended(Protocol):
    item: str
    score: float
    reason: _Reason


class OneByOne(Protocol):
    def recommend_one(self, person_id: str, n: int = 10) -> list[Any]: ...


def from_recommender(recommender: OneByOne, n: int = 2) -> Recommend:
    """`recommend` for the runner: the recommender's top `n` with their reasons, as
    `{item, score, reason, reason_item, reason_group, reason_value}` (`reason` is the kind:
    `popular`, `popular_in_group`, `similar_to_item`, ...)."""

    def recommend(person_id: str, profile: Mapping[str, Any]) -> list[dict[str, Any]]:
        found: list[_Recommended] = recommender.recommend_one(person_id, n)
        return [
            {
                "item": pick.item,
                "score": pick.score,
                "reason": pick.reason.kind,
                "reason_item": pick.reason.item,
                "reason_group": pick.reason.group,
                "reason_value": pick.reason.value,
            }
            for pick in found
        ]

    return recommend


def from_serving_state(state: ServingState, n: int = 2) -> Recommend:
    """`recommend` for the runner from the per-stage strategies' prepared state
    (`journeymap recommend --prepare`): the top `n` for the person's current stage under the
    map's policy, each with `title` and `reason_text` (the sentence, in the person's language)
    besides the fields of `from_recommender`. A person the state has not seen gets none."""
    from journeymap.personalize.strategies.serving import UnknownPersonError, serve

    def recommend(person_id: str, profile: Mapping[str, Any]) -> list[dict[str, Any]]:
        try:
            language = profile.get("preferred_language") or profile.get("language")
            served = serve(state, person_id, n=n, language=language)
        except UnknownPersonError:
            return []
        return [
            {
                "item": pick.item_id,
                "title": pick.title,
                "score": pick.score,
                "reason": pick.reason.kind,
                "reason_item": pick.reason.item,
                "reason_group": pick.reason.group,
                "reason_value": pick.reason.value,
                "reason_text": pick.reason_text,
            }
            for pick in served
        ]

    return recommend


def workspace_recommend(state_file: Path, n: int = 2) -> Recommend:
    """The prepared strategies' recommendations when `state_file` exists, else none (a
    template that lists recommendations then lists nothing, and says so in its own words)."""
    from journeymap.personalize.strategies.serving import load_state

    if not state_file.is_file():
        return no_recommendations
    return from_serving_state(load_state(state_file), n)
