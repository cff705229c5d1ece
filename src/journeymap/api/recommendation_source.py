"""Where recommendations and next best actions come from: a small typed seam.

The routes depend on `RecommendationSource` only. `FittedRecommenderSource` implements it with
the recommenders of `journeymap.personalize` (a blend of item-kNN and popularity fitted once
on the store's interactions at start-up); a stage-policy source can replace it in `read_state`
without touching a route.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from journeymap.api.read_models import NextBestAction, ReasonOut, Recommendation
from journeymap.api.reason_text import item_title, reason_text
from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.personalize.catalog import Catalog

if TYPE_CHECKING:
    from journeymap.personalize.recommenders.base import Recommender
    from journeymap.store import Store

WIDEN = 5
"""Ask the model for this many times `n` items when a stage filter may drop some."""


class RecommendationSource(Protocol):
    def recommend(self, person_id: str, *, n: int, stage: str | None) -> list[Recommendation]:
        """The top `n` items for the person, suited to `stage` (None: any stage)."""
        ...

    def next_best_action(
        self, person_id: str, *, map_id: str | None, stage: str | None
    ) -> NextBestAction:
        """What to do next for a person in `stage` of map `map_id`."""
        ...


@dataclass
class FittedRecommenderSource:
    recommender: Recommender | None
    catalog: Catalog = field(default_factory=Catalog)
    journeys: dict[str, JourneyMap] = field(default_factory=dict)

    def _suits(self, item: str, stage: str | None) -> bool:
        found = self.catalog.get(item)
        return stage is None or found is None or not found.stages or stage in found.stages

    def recommend(self, person_id: str, *, n: int, stage: str | None) -> list[Recommendation]:
        if self.recommender is None:
            return []
        wanted = n if stage is None else n * WIDEN
        picks = self.recommender.recommend_one(person_id, n=wanted)
        kept = [pick for pick in picks if self._suits(pick.item, stage)][:n]
        return [
            Recommendation(
                item=pick.item,
                title=item_title(self.catalog, pick.item) if pick.item in self.catalog else None,
                score=pick.score,
                rank=rank,
                reason=ReasonOut(
                    kind=pick.reason.kind or "recommended",
                    item=pick.reason.item,
                    text=reason_text(pick.reason, self.catalog),
                ),
            )
            for rank, pick in enumerate(kept, start=1)
        ]

    def next_best_action(
        self, person_id: str, *, map_id: str | None, stage: str | None
    ) -> NextBestAction:
        return next_best_action_of(self, person_id, self.journeys.get(map_id or ""), map_id, stage)


def next_best_action_of(
    source: RecommendationSource,
    person_id: str,
    journey: JourneyMap | None,
    map_id: str | None,
    stage: str | None,
) -> NextBestAction:
    """The best item for the person's stage, offered to move her on to the map's next stage."""
    next_stage = _next_stage(journey, stage)
    top = source.recommend(person_id, n=1, stage=stage)
    if not top:
        text = _("No item suits this person's stage yet; wait for more events")
        return NextBestAction(
            person=person_id,
            map=map_id,
            stage=stage,
            next_stage=next_stage,
            action="none",
            text=text,
        )
    item = top[0]
    if next_stage is not None:
        text = _(
            "Offer {title} to move the customer on to {stage}: {reason}",
            title=item.title or item.item,
            stage=next_stage,
            reason=item.reason.text,
        )
    else:
        text = _("Offer {title}: {reason}", title=item.title or item.item, reason=item.reason.text)
    return NextBestAction(
        person=person_id,
        map=map_id,
        stage=stage,
        next_stage=next_stage,
        action="offer_item",
        item=item,
        text=text,
    )


def _next_stage(journey: JourneyMap | None, stage: str | None) -> str | None:
    if journey is None or stage is None:
        return None
    ids = [s.id for s in journey.stages]
    if stage not in ids or ids.index(stage) + 1 >= len(ids):
        return None
    return ids[ids.index(stage) + 1]


def fit_source(
    store: Store, catalog: Catalog, journeys: dict[str, JourneyMap]
) -> FittedRecommenderSource:
    """Fit the default recommender on the store's interactions (none when there are none)."""
    from journeymap.personalize.interactions import read_interactions
    from journeymap.personalize.recommenders import (
        BlendRecommender,
        ItemKNNRecommender,
        PopularityRecommender,
    )

    interactions = read_interactions(store)
    if interactions.empty:
        return FittedRecommenderSource(None, catalog, journeys)
    model = BlendRecommender(
        sources=((ItemKNNRecommender(), 0.7), (PopularityRecommender(), 0.3))
    ).fit(interactions)
    return FittedRecommenderSource(model, catalog, journeys)
