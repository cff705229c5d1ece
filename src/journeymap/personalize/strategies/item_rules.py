"""Filters, business rules and diversity: which blended candidates a person is shown.

Order of work: candidates that fail a filter or are excluded are dropped; pinned items that
pass come first (in the policy's order); then the blend's order, keeping at most
`max_per_category` items of one category (pins count towards it). Nothing excluded ever comes
back, whatever the sources said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from journeymap.personalize.catalog_item import CatalogItem
from journeymap.personalize.strategies.facts import PersonFacts
from journeymap.personalize.strategies.policy import Filters, StagePolicy
from journeymap.personalize.strategies.why import PINNED, Why

Candidate = tuple[str, float, Why]


@dataclass(frozen=True)
class ItemInfo:
    """What filters and reasons need of a catalog item (kept in the serving file)."""

    title: str
    type: str
    category: str | None = None
    language: str | None = None
    level: str | None = None
    region: tuple[str, ...] = ()
    device: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    in_stock: bool = True
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @classmethod
    def of(cls, item: CatalogItem) -> ItemInfo:
        return cls(
            title=item.title,
            type=item.type,
            category=item.category,
            language=item.language,
            level=item.level,
            region=tuple(r.lower() for r in item.region),
            device=tuple(d.lower() for d in item.device),
            stages=tuple(item.stages),
            in_stock=item.in_stock,
            valid_from=item.valid_from,
            valid_to=item.valid_to,
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("valid_from", "valid_to"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemInfo:
        values = dict(data)
        for key in ("region", "device", "stages"):
            values[key] = tuple(values[key])
        for key in ("valid_from", "valid_to"):
            values[key] = dt.date.fromisoformat(values[key]) if values[key] else None
        return cls(**values)


def allowed(
    item_id: str,
    *,
    info: ItemInfo | None,
    policy: StagePolicy,
    facts: PersonFacts,
    stage: str,
    day: dt.date,
) -> bool:
    """Whether the policy lets this person see the item at this stage."""
    filters = policy.filters
    if item_id in policy.exclude or (filters.not_bought and item_id in facts.bought):
        return False
    if info is None:  # not in the catalog: only the rules that need no attributes apply
        return not filters.types
    return _attributes_pass(info, filters, facts, stage, day)


def _attributes_pass(
    info: ItemInfo, filters: Filters, facts: PersonFacts, stage: str, day: dt.date
) -> bool:
    if filters.types and info.type not in filters.types:
        return False
    if info.category is not None and info.category in filters.exclude_categories:
        return False
    if filters.in_stock and not (
        info.in_stock
        and (info.valid_from is None or info.valid_from <= day)
        and (info.valid_to is None or day <= info.valid_to)
    ):
        return False
    if filters.language and facts.language and info.language and info.language != facts.language:
        return False
    if filters.level and facts.level and info.level and info.level.lower() != facts.level.lower():
        return False
    if filters.region and facts.region and info.region and facts.region.lower() not in info.region:
        return False
    if filters.device and facts.device and info.device and facts.device.lower() not in info.device:
        return False
    return not (filters.stage and stage and info.stages and stage not in info.stages)


def choose(
    blended: list[Candidate],
    *,
    policy: StagePolicy,
    facts: PersonFacts,
    items: dict[str, ItemInfo],
    stage: str,
    day: dt.date,
    n: int,
) -> list[Candidate]:
    """The first `n` allowed items: pins, then the blend, under the category cap."""
    top = max((score for _, score, _ in blended), default=1.0)
    # a pin names a catalog item: an id the catalog lacks (a typo, a retired item) is skipped
    pinned: list[Candidate] = [(item, top, Why(PINNED)) for item in policy.pin if item in items]
    chosen: list[Candidate] = []
    taken: set[str] = set()
    per_category: dict[str, int] = {}
    cap = policy.max_per_category
    for item, score, why in pinned + blended:
        if len(chosen) >= n:
            break
        if item in taken:
            continue
        info = items.get(item)
        if not allowed(item, info=info, policy=policy, facts=facts, stage=stage, day=day):
            continue
        category = info.category if info is not None else None
        if category is not None and cap is not None:
            if per_category.get(category, 0) >= cap:
                continue
            per_category[category] = per_category.get(category, 0) + 1
        taken.add(item)
        chosen.append((item, score, why))
    return chosen
