"""The demo's personalization step: prepare the serving state of the demo workspace and show one
simulated customer's recommendations for her stage, each with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.personalize.strategies import Recommendation, ServingState
    from journeymap.store import Store

SHOWN = 5


@dataclass(frozen=True)
class DemoRecommendations:
    """One person's recommendations (simulated data)."""

    person: str
    stage: str | None
    stage_name: str | None
    role: str | None
    items: list[Recommendation] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "stage": self.stage,
            "stage_name": self.stage_name,
            "role": self.role,
            "items": [item.as_dict() for item in self.items],
        }


def demo_recommendations(
    store: Store, workspace: Workspace, journey: JourneyMap, language: str
) -> DemoRecommendations | None:
    """Prepare `.journeymap/serving.json` and serve the person the sources know most about
    (most candidates; ties to the smaller id). None when the events name no items."""
    from journeymap.personalize.catalog import content_folder, load_catalog
    from journeymap.personalize.strategies import ServingError, load_policies, serve
    from journeymap.personalize.strategies.policy_file import policy_for
    from journeymap.personalize.strategies.prepare import STATE_FILE, prepare_serving

    folder = content_folder(workspace)
    try:
        state = prepare_serving(
            store,
            journey=journey,
            catalog=load_catalog(workspace),
            policy=policy_for(load_policies(folder), journey.id, journey.personalization),
            language=language,
            path=workspace.root / STATE_FILE,
        )
    except ServingError:
        return None
    for person in _best_known(state):
        items = serve(state, person, SHOWN, language=language)
        if items:
            stage = state.persons[person].stage
            policy = state.policies.get(stage or "") or state.policies[""]
            name = state.stage_names.get(stage) if stage else None
            return DemoRecommendations(person, stage, name, policy.role, items)
    return None


def _best_known(state: ServingState) -> list[str]:
    def known(person: str) -> int:
        return sum(len(found) for found in state.candidates.get(person, {}).values())

    return sorted(state.persons, key=lambda p: (-known(p), p))[:50]
