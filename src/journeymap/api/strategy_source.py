"""Recommendations from the per-stage strategies' precomputed serving state.

When the workspace has a serving state (`journeymap recommend --prepare` writes
`.journeymap/serving.json`), the read API serves from it: the map's stage policies, filters and
reasons in the customer's language, a dictionary lookup per request
(`personalize.strategies.serve`).
Without one, `read_state` falls back to the recommender fitted at start-up
(`recommendation_source.FittedRecommenderSource`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.api.read_models import NextBestAction, ReasonOut, Recommendation
from journeymap.api.recommendation_source import next_best_action_of
from journeymap.i18n import get_language
from journeymap.model.journey import JourneyMap

if TYPE_CHECKING:
    from journeymap.personalize.strategies.serving import ServingState


@dataclass
class StrategySource:
    state: ServingState
    journeys: dict[str, JourneyMap] = field(default_factory=dict)

    def recommend(self, person_id: str, *, n: int, stage: str | None) -> list[Recommendation]:
        from journeymap.personalize.strategies.serving import (
            UnknownPersonError,
            UnknownStageError,
            serve,
        )

        try:
            served = serve(self.state, person_id, n=n, stage=stage, language=get_language())
        except UnknownStageError:
            served = serve(self.state, person_id, n=n, language=get_language())
        except UnknownPersonError:
            return []  # a person the state has not seen yet: nothing precomputed for her
        return [
            Recommendation(
                item=item.item_id,
                title=item.title if item.title != item.item_id else None,
                score=item.score,
                rank=rank,
                reason=ReasonOut(
                    kind=item.reason.kind, item=item.reason.item, text=item.reason_text
                ),
            )
            for rank, item in enumerate(served, start=1)
        ]

    def next_best_action(
        self, person_id: str, *, map_id: str | None, stage: str | None
    ) -> NextBestAction:
        return next_best_action_of(self, person_id, self.journeys.get(map_id or ""), map_id, stage)


def strategy_source(state_file: Path, journeys: dict[str, JourneyMap]) -> StrategySource | None:
    """The serving state in `state_file` as a source, or None when there is none."""
    from journeymap.personalize.strategies.serving import load_state

    if not state_file.is_file():
        return None
    return StrategySource(load_state(state_file), journeys)
