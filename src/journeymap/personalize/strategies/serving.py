"""Serving: precomputed state in, one person's stage recommendations with reasons out.

`build_state(...)` runs every source once (the recommenders and the catalog) and keeps, per
person, the best candidates of each source, her facts, the popular lists of her groups and the
resolved policy of every stage; `save_state`/`load_state` keep it in a JSON file.
`serve(state, person_id, n, stage)` then only blends, filters and explains: no model, no query.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from journeymap.i18n import gettext as _
from journeymap.personalize.strategies.candidates import (
    Candidate,
    bought_together,
    catalog_lists,
    group_value,
    model_lists,
    popular_lists,
)
from journeymap.personalize.strategies.facts import PersonFacts, person_facts
from journeymap.personalize.strategies.item_rules import ItemInfo, choose
from journeymap.personalize.strategies.policy import MapPolicy, StagePolicy, resolve
from journeymap.personalize.strategies.reason_text import reason_text
from journeymap.personalize.strategies.roles import FALLBACK_ROLE, stage_role
from journeymap.personalize.strategies.why import Why

if TYPE_CHECKING:
    import pandas as pd

    from journeymap.model import JourneyMap
    from journeymap.personalize.catalog import Catalog

FORMAT_VERSION: Final = 1
CANDIDATES: Final = 50
"""Candidates kept per person and source: enough for filters and diversity to choose from."""
POPULAR_SOURCES: Final = {
    "popular_in_region": "region",
    "popular_in_segment": "segment",
    "popular_in_segment_region": "segment_region",
}


class ServingError(ValueError):
    """Serving cannot answer: see the subclasses."""


class UnknownPersonError(ServingError):
    """The person is not in the serving state (not in the store when it was prepared)."""


class UnknownStageError(ServingError):
    """The stage asked for is not a stage of the map."""


class PolicyStageError(ServingError):
    """A policy names stages the map does not have (a typo or a renamed stage)."""


@dataclass(frozen=True)
class Recommendation:
    """One served item: `reason` is the data, `reason_text` the sentence."""

    item_id: str
    title: str
    score: float
    reason: Why
    reason_text: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "title": self.title,
            "score": self.score,
            "reason": self.reason.as_dict(),
            "reason_text": self.reason_text,
        }


@dataclass
class ServingState:
    """Everything `serve` reads (see the module docstring)."""

    map_id: str | None
    language: str
    day: dt.date
    policies: dict[str, StagePolicy]
    """Stage id -> resolved policy; `""` is the policy of persons without a stage."""
    stage_names: dict[str, str]
    items: dict[str, ItemInfo]
    persons: dict[str, PersonFacts]
    candidates: dict[str, dict[str, list[Candidate]]]
    """Person -> source -> candidates."""
    popular: list[Candidate]
    groups: dict[str, dict[str, list[Candidate]]] = field(default_factory=dict)

    def title(self, item_id: str) -> str:
        info = self.items.get(item_id)
        return info.title if info is not None else item_id


def build_state(
    interactions: pd.DataFrame,
    profiles: list[dict[str, Any]],
    *,
    catalog: Catalog | None = None,
    journey: JourneyMap | None = None,
    policy: MapPolicy | None = None,
    language: str = "en",
    day: dt.date | None = None,
    limit: int = CANDIDATES,
) -> ServingState:
    """Precompute serving state from interactions (with an `event` column for purchases and
    carts), stored profile rows, the catalog, the map and its policy."""
    from journeymap.personalize.catalog import Catalog

    if interactions.empty:
        raise ServingError(_("no interactions to prepare serving from (is the store empty?)"))
    catalog = catalog if catalog is not None else Catalog()
    facts = person_facts(interactions, profiles)
    state = base_state(
        interactions,
        facts,
        catalog=catalog,
        journey=journey,
        policy=policy,
        language=language,
        day=day,
        limit=limit,
    )
    per_source = model_lists(interactions, limit)
    per_source["bought_together"] = bought_together(interactions, limit)
    state.persons = facts
    state.candidates = {
        person: own_candidates(person, one, per_source, catalog, limit)
        for person, one in facts.items()
    }
    return state


def base_state(
    interactions: pd.DataFrame,
    facts: dict[str, PersonFacts],
    *,
    catalog: Catalog,
    journey: JourneyMap | None,
    policy: MapPolicy | None,
    language: str,
    day: dt.date | None,
    limit: int,
) -> ServingState:
    """The state without any person: policies, items and the popular lists (of everyone and
    of every group; `facts` need only each person's region and segment)."""
    everyone, groups = popular_lists(interactions, facts, limit)
    return ServingState(
        map_id=journey.id if journey is not None else None,
        language=language,
        day=day or dt.date.today(),
        policies=stage_policies(journey, policy or MapPolicy()),
        stage_names={s.id: s.name for s in journey.stages} if journey is not None else {},
        items={item.id: ItemInfo.of(item) for item in catalog},
        persons={},
        candidates={},
        popular=everyone,
        groups=groups,
    )


def own_candidates(
    person: str,
    facts: PersonFacts,
    per_source: dict[str, dict[str, list[Candidate]]],
    catalog: Catalog,
    limit: int,
) -> dict[str, list[Candidate]]:
    """Her candidates of every source that has some: the model lists' and the catalog's."""
    mine = {source: lists.get(person, []) for source, lists in per_source.items()}
    mine |= catalog_lists(facts, catalog, limit)
    return {source: found for source, found in mine.items() if found}


def stage_policies(journey: JourneyMap | None, policy: MapPolicy) -> dict[str, StagePolicy]:
    """The effective policy of every stage of the map, and of persons without a stage (`""`)."""
    known = {s.id for s in journey.stages} if journey is not None else set()
    strays = sorted(set(policy.stages) - known - {""})
    if strays:
        raise PolicyStageError(
            _(
                "the stage policy names stage(s) the map does not have: {strays} (the map's "
                "stages: {known})",
                strays=", ".join(strays),
                known=", ".join(sorted(known)) or "none",
            )
        )
    found = {"": resolve(policy.stages.get(""), policy.defaults, FALLBACK_ROLE)}
    for stage in journey.stages if journey is not None else []:
        own = policy.stages.get(stage.id)
        role = own.role if own is not None and own.role else stage_role(stage.id, stage.name)
        found[stage.id] = resolve(own, policy.defaults, role)
    return found


def serve(
    state: ServingState,
    person_id: str,
    n: int = 10,
    stage: str | None = None,
    *,
    language: str | None = None,
) -> list[Recommendation]:
    """The top `n` items for a person at `stage` (default: her current stage), with reasons
    in `language` (default: hers, else the state's). Raises `UnknownPersonError`,
    `UnknownStageError` (and `ServingError` for n < 1); never touches a store or a model."""
    if n < 1:
        raise ServingError(_("n must be at least 1"))
    facts = state.persons.get(person_id)
    if facts is None:
        raise UnknownPersonError(person_id)
    chosen_stage = stage if stage is not None else facts.stage or ""
    policy = state.policies.get(chosen_stage)
    if policy is None:
        if stage is not None:
            raise UnknownStageError(stage)
        policy = state.policies[""]  # her stored stage left the map since
    blended = _blend(state, person_id, facts, policy)
    picked = choose(
        blended,
        policy=policy,
        facts=facts,
        items=state.items,
        stage=chosen_stage,
        day=state.day,
        n=n,
    )
    speak = language or facts.language or state.language
    return [
        Recommendation(
            item_id=item,
            title=state.title(item),
            score=round(score, 6),
            reason=why,
            reason_text=reason_text(why, state.title, state.title(item), speak),
        )
        for item, score, why in picked
    ]


def _blend(
    state: ServingState, person_id: str, facts: PersonFacts, policy: StagePolicy
) -> list[Candidate]:
    """Weighted sum of each source's scores divided by its best; the reason is the source's
    that adds most. Ordered by score, then item id."""
    mine = state.candidates.get(person_id, {})
    total: dict[str, float] = {}
    reason: dict[str, tuple[float, Why]] = {}
    for entry in policy.sources:
        found = _source(state, mine, facts, entry.source)
        if not found:
            continue
        best = max(score for _, score, _ in found) or 1.0
        for item, score, why in found:
            part = entry.weight * score / best
            total[item] = total.get(item, 0.0) + part
            if item not in reason or part > reason[item][0]:
                reason[item] = (part, why)
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(item, score, reason[item][1]) for item, score in ranked]


def _source(
    state: ServingState, mine: dict[str, list[Candidate]], facts: PersonFacts, source: str
) -> list[Candidate]:
    if source == "popular":
        return state.popular
    group = POPULAR_SOURCES.get(source)
    if group is not None:
        value = group_value(facts, group)
        return [] if value is None else state.groups.get(group, {}).get(value, [])
    return mine.get(source, [])


# ---- the serving file ----------------------------------------------------------------------


def save_state(state: ServingState, path: str | Path) -> Path:
    """Write the state as JSON (written to a temporary file first, then renamed)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT_VERSION,
        "map_id": state.map_id,
        "language": state.language,
        "day": state.day.isoformat(),
        "policies": {k: v.model_dump(mode="json") for k, v in state.policies.items()},
        "stage_names": state.stage_names,
        "items": {k: v.as_dict() for k, v in state.items.items()},
        "persons": {k: _facts_dict(v) for k, v in state.persons.items()},
        "candidates": {
            p: {s: _pack(c) for s, c in sources.items()} for p, sources in state.candidates.items()
        },
        "popular": _pack(state.popular),
        "groups": {g: {v: _pack(c) for v, c in lists.items()} for g, lists in state.groups.items()},
    }
    temporary = target.with_suffix(target.suffix + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    temporary.replace(target)
    return target


def load_state(path: str | Path) -> ServingState:
    """Read a state written by `save_state`; `ServingError` when it is missing or foreign.
    The objects read are frozen out of the garbage collector (`gc.freeze`), as a long-lived
    serving process wants."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ServingError(
            _("{source}: cannot read serving state ({error})", source=source, error=error)
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise ServingError(
            _("{source}: not a serving state of this version; prepare it again", source=source)
        )
    state = ServingState(
        map_id=data["map_id"],
        language=data["language"],
        day=dt.date.fromisoformat(data["day"]),
        policies={k: StagePolicy.model_validate(v) for k, v in data["policies"].items()},
        stage_names=data["stage_names"],
        items={k: ItemInfo.from_dict(v) for k, v in data["items"].items()},
        persons={k: _facts_of(v) for k, v in data["persons"].items()},
        candidates={
            p: {s: _unpack(c) for s, c in sources.items()}
            for p, sources in data["candidates"].items()
        },
        popular=_unpack(data["popular"]),
        groups={
            g: {v: _unpack(c) for v, c in lists.items()} for g, lists in data["groups"].items()
        },
    )
    # The state is many small objects that live as long as the process: moving them out of
    # the garbage collector's sight keeps its full collections (tens of ms) off the requests.
    gc.collect()
    gc.freeze()
    return state


def _pack(candidates: list[Candidate]) -> list[list[Any]]:
    return [[item, score, why.as_list()] for item, score, why in candidates]


def _unpack(rows: list[list[Any]]) -> list[Candidate]:
    return [(str(item), float(score), Why.from_list(why)) for item, score, why in rows]


def _facts_dict(facts: PersonFacts) -> dict[str, Any]:
    return facts.as_dict() | {"cart": facts.cart, "categories": facts.categories}


def _facts_of(data: dict[str, Any]) -> PersonFacts:
    return PersonFacts(
        stage=data["stage"],
        region=data["region"],
        segment=data["segment"],
        language=data["language"],
        device=data["device"],
        level=data["level"],
        bought=list(data["bought"]),
        cart=list(data["cart"]),
        categories=[(str(c), float(s)) for c, s in data["categories"]],
    )
