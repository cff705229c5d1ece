"""Serving one person from the shared part (models and popular lists fitted once) gives her
exactly what the prepared state of everyone gives her, at every stage: for buyers, viewers, a
customer with a profile but no interactions (cold start) and one the store does not know."""

from __future__ import annotations

from typing import Any

import pytest

from journeymap.model import load_map
from journeymap.personalize.strategies import ServingState, UnknownPersonError, build_state, serve
from journeymap.personalize.strategies.one_person import SharedServing, shared_serving
from journeymap.templates import get_template
from tests.personalize.strategies import shop

COLD = {"person_id": "eve", "stage": "awareness", "segment": "gardeners",
        "traits": {"region": "siberia"}}  # fmt: skip
"""A customer with a profile and no interactions."""
PERSONS = ("anna", "bob", "carl", "dora", "eve", "ghost")


def _profiles() -> list[dict[str, Any]]:
    return [*shop.profiles(), COLD]


@pytest.fixture(scope="module")
def both() -> tuple[ServingState, SharedServing]:
    journey = load_map(str(get_template("seed-shop").map_resource("en")))
    options: dict[str, Any] = {"catalog": shop.catalog(), "journey": journey, "day": shop.DAY}
    everyone = build_state(shop.interactions(), _profiles(), **options)
    shared = shared_serving(shop.interactions(), _profiles(), **options)
    return everyone, shared


def _served(state: ServingState, person: str, stage: str | None) -> list[dict[str, Any]] | None:
    try:
        return [r.as_dict() for r in serve(state, person, 10, stage)]
    except UnknownPersonError:
        return None


def _profile(person: str) -> dict[str, Any] | None:
    return next((p for p in _profiles() if p["person_id"] == person), None)


@pytest.mark.parametrize("person", PERSONS)
def test_one_person_gets_what_the_prepared_state_gives(
    both: tuple[ServingState, SharedServing], person: str
) -> None:
    everyone, shared = both
    mine = shared.person_state(person, _profile(person))
    assert mine.persons.get(person) == everyone.persons.get(person)
    assert mine.candidates.get(person) == everyone.candidates.get(person)
    for stage in [None, *everyone.stage_names]:
        assert _served(mine, person, stage) == _served(everyone, person, stage)


def test_the_comparison_has_something_to_compare(
    both: tuple[ServingState, SharedServing],
) -> None:
    everyone, shared = both
    cold = _served(shared.person_state("eve", COLD), "eve", None)
    assert cold  # popular in her segment and region, though she never touched an item
    sources = {s for lists in everyone.candidates.values() for s in lists}
    assert {"similar_viewed", "bought_together", "cart", "reviews"} <= sources
    assert shared.person_state("ghost", None).persons == {}
    assert len(shared.person_state("anna", _profile("anna")).persons) == 1
