"""Property: whatever the candidates, the filters never let an excluded item through, pins and
the category cap hold, and nothing is shown twice. The oracle below restates the documented
rules independently of `item_rules`."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.personalize.strategies.facts import PersonFacts
from journeymap.personalize.strategies.item_rules import ItemInfo, choose
from journeymap.personalize.strategies.policy import Filters, StagePolicy
from journeymap.personalize.strategies.why import Why

DAY = dt.date(2026, 5, 1)
IDS = [f"i{n}" for n in range(12)]
T = TypeVar("T")


def maybe(values: list[T]) -> st.SearchStrategy[T | None]:
    return st.none() | st.sampled_from(values)


infos = st.builds(
    ItemInfo,
    title=st.just("t"),
    type=st.sampled_from(["product", "review", "tutorial"]),
    category=maybe(["a", "b", "c"]),
    language=maybe(["en", "ru"]),
    level=maybe(["beginner", "expert"]),
    region=st.lists(st.sampled_from(["north", "south"]), max_size=2).map(tuple),
    device=st.lists(st.sampled_from(["mobile", "desktop"]), max_size=2).map(tuple),
    stages=st.lists(st.sampled_from(["look", "buy"]), max_size=2).map(tuple),
    in_stock=st.booleans(),
    valid_from=maybe([dt.date(2026, 1, 1), dt.date(2026, 6, 1)]),
    valid_to=maybe([dt.date(2026, 4, 1), dt.date(2026, 12, 1)]),
)
facts = st.builds(
    PersonFacts,
    language=maybe(["en", "ru"]),
    device=maybe(["mobile", "desktop"]),
    level=maybe(["beginner", "expert"]),
    region=maybe(["north", "south"]),
    bought=st.lists(st.sampled_from(IDS), max_size=4),
)
policies = st.builds(
    StagePolicy,
    filters=st.builds(
        Filters,
        language=st.booleans(),
        device=st.booleans(),
        level=st.booleans(),
        region=st.booleans(),
        in_stock=st.booleans(),
        not_bought=st.booleans(),
        stage=st.booleans(),
        types=st.lists(st.sampled_from(["product", "review"]), max_size=1),
        exclude_categories=st.lists(st.sampled_from(["a", "b"]), max_size=1),
    ),
    max_per_category=st.none() | st.integers(1, 3),
    pin=st.lists(st.sampled_from(IDS), max_size=3),
    exclude=st.lists(st.sampled_from(IDS), max_size=4),
)
# every id is a candidate (some twice), in any order (the blend's); the last two are not in
# the catalog
candidates = st.permutations(IDS + IDS[:3]).map(
    lambda ids: [(item, float(len(ids) - rank), Why("popular")) for rank, item in enumerate(ids)]
)
catalogs = st.fixed_dictionaries(dict.fromkeys(IDS[:-2], infos))


def _excluded(item: str, info: ItemInfo | None, policy: StagePolicy, who: PersonFacts) -> bool:
    f = policy.filters
    if item in policy.exclude or (f.not_bought and item in who.bought):
        return True
    if info is None:
        return bool(f.types)
    checks = [
        bool(f.types) and info.type not in f.types,
        info.category in f.exclude_categories,
        f.in_stock and not info.in_stock,
        f.in_stock and info.valid_from is not None and info.valid_from > DAY,
        f.in_stock and info.valid_to is not None and info.valid_to < DAY,
        f.language and None not in (who.language, info.language) and info.language != who.language,
        f.level and None not in (who.level, info.level) and info.level != who.level,
        f.region and who.region is not None and info.region and who.region not in info.region,
        f.device and who.device is not None and info.device and who.device not in info.device,
        f.stage and info.stages and "look" not in info.stages,
    ]
    return any(checks)


@settings(max_examples=150)
@given(
    catalog=catalogs,
    who=facts,
    policy=policies,
    blended=candidates,
    n=st.integers(1, 12),
)
def test_filters_never_leak_an_excluded_item(
    catalog: dict[str, ItemInfo],
    who: PersonFacts,
    policy: StagePolicy,
    blended: list[tuple[str, float, Why]],
    n: int,
) -> None:
    chosen = choose(blended, policy=policy, facts=who, items=catalog, stage="look", day=DAY, n=n)
    ids = [item for item, _, _ in chosen]
    assert len(ids) <= n
    assert len(ids) == len(set(ids))
    for item in ids:
        assert not _excluded(item, catalog.get(item), policy, who), item
        assert item in catalog or item in {c[0] for c in blended}  # pins must be catalog items
    if policy.max_per_category is not None:
        categories = [catalog[i].category for i in ids if i in catalog and catalog[i].category]
        assert all(categories.count(c) <= policy.max_per_category for c in categories)
    allowed_pins = [p for p, _, why in chosen if why == Why("pinned")]
    assert ids[: len(allowed_pins)] == allowed_pins  # pins come first
