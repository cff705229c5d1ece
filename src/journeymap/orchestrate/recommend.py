"""Recommendations for message templates from any fitted recommender of
`journeymap.personalize.recommenders` (or anything with `recommend_one`): the `recommend`
function a `Runner` takes. Per-stage strategies plug in the same way: any function
`(person_id, profile) -> [{item, reason, ...}]`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from journeymap.orchestrate.sending import Recommend


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
