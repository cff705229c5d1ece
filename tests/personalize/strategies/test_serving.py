"""Serving on a tiny shop: each stage gives the documented reason for each item, reasons read
well in English and Russian, business rules hold, and the state survives its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model import load_map
from journeymap.personalize.strategies import (
    MapPolicy,
    ServingError,
    ServingState,
    StagePolicy,
    UnknownPersonError,
    UnknownStageError,
    build_state,
    load_state,
    save_state,
    serve,
)
from journeymap.personalize.strategies.why import Why
from journeymap.templates import get_template
from tests.personalize.strategies import shop


def _state(policy: MapPolicy | None = None) -> ServingState:
    journey = load_map(str(get_template("seed-shop").map_resource("en")))
    return build_state(
        shop.interactions(),
        shop.profiles(),
        catalog=shop.catalog(),
        journey=journey,
        policy=policy,
        day=shop.DAY,
    )


@pytest.fixture(scope="module")
def state() -> ServingState:
    return _state()


def _served(state: ServingState, stage: str, **kwargs: object) -> dict[str, Why]:
    return {r.item_id: r.reason for r in serve(state, "anna", 10, stage, **kwargs)}  # type: ignore[arg-type]


def test_comparison_gives_reviews_of_what_she_viewed(state: ServingState) -> None:
    served = serve(state, "anna", 3, "research")
    assert served[0].item_id == "review-tomato"
    assert served[0].reason == Why("review_of", item="tomato")
    assert served[0].reason_text == "about “Tomato Siberian”, which you viewed"
    assert served[0].title == "Review Tomato"


def test_cart_gives_her_cart_and_a_reminder(state: ServingState) -> None:
    served = _served(state, "purchase")
    assert list(served)[:2] == ["cucumber", "cart-mail"]
    assert served["cucumber"].kind == "in_cart"
    assert served["cart-mail"] == Why("cart_reminder", item="cucumber")


def test_post_purchase_gives_guides_and_filters_what_does_not_fit(state: ServingState) -> None:
    served = _served(state, "delivery")
    assert served["guide-tomato"] == Why("guide_for", item="tomato")
    # bought together with her tomato, but basil is for experts and dill is in Russian
    assert "basil" not in served
    assert "dill" not in served
    assert "tomato" not in served  # she bought it


def test_bought_together_counts_the_customers(state: ServingState) -> None:
    relaxed = MapPolicy(
        stages={"delivery": StagePolicy.model_validate({"filters": {"level": False}})}
    )
    served = serve(_state(relaxed), "anna", 10, "delivery")
    basil = next(r for r in served if r.item_id == "basil")
    assert basil.reason == Why("bought_together", item="tomato", count=1)
    assert basil.reason_text == "1 customer who bought “Tomato Siberian” also bought “Basil”"
    russian = serve(_state(relaxed), "anna", 10, "delivery", language="ru")
    text = next(r.reason_text for r in russian if r.item_id == "basil")
    assert text == "1 покупатель, купивший «Tomato Siberian», купил и «Basil»"


def test_loyalty_gives_new_items_of_her_categories(state: ServingState) -> None:
    served = _served(state, "repeat-purchase")
    assert served["cucumber-new"] == Why("new_in_category", value="cucumbers")
    assert "tomato-4" not in served  # out of stock
    assert "tomato-2" not in served  # grows in the south, she lives in Siberia


def test_awareness_is_popular_in_her_segment_and_region(state: ServingState) -> None:
    served = serve(state, "anna", 10, "awareness")
    first = served[0].reason
    assert (first.kind, first.group, first.value) == (
        "popular_in_group",
        "segment_region",
        "gardeners|siberia",
    )
    assert "popular among “gardeners” in “siberia”" in served[0].reason_text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "популярно: выбрал 1 покупатель"),
        (3, "популярно: выбрали 3 покупателя"),
        (5, "популярно: выбрали 5 покупателей"),
        (11, "популярно: выбрали 11 покупателей"),
        (21, "популярно: выбрал 21 покупатель"),
    ],
)
def test_russian_counts_take_the_right_plural(count: int, text: str) -> None:
    from journeymap.personalize.strategies.reason_text import reason_text

    assert reason_text(Why("popular", count=count), str, "x", "ru") == text


def test_her_current_stage_is_the_default(state: ServingState) -> None:
    assert serve(state, "anna", 5) == serve(state, "anna", 5, "research")
    assert serve(state, "bob", 3)  # no stage: the fallback policy still serves something


def test_pin_exclude_and_the_category_cap() -> None:
    rules = StagePolicy.model_validate(
        {
            "role": "interest",
            "sources": [{"source": "popular"}],
            "pin": ["case-cucumber", "no-such-item"],
            "exclude": ["tomato-3"],
            "max_per_category": 1,
            "filters": {"region": False},
        }
    )
    served = serve(_state(MapPolicy(stages={"sowing": rules})), "dora", 10, "sowing")
    ids = [r.item_id for r in served]
    assert ids[0] == "case-cucumber"
    assert served[0].reason == Why("pinned")
    assert "no-such-item" not in ids
    assert "tomato-3" not in ids
    categories = [shop.catalog().items[i].category for i in ids if i in shop.catalog().items]
    assert len(categories) == len(set(categories))  # at most one per category


def test_unknown_person_and_stage_are_clear_errors(state: ServingState) -> None:
    with pytest.raises(UnknownPersonError):
        serve(state, "nobody")
    with pytest.raises(UnknownStageError):
        serve(state, "anna", stage="no-such-stage")
    with pytest.raises(ServingError, match="at least 1"):
        serve(state, "anna", 0)
    with pytest.raises(ServingError, match="the map does not have: sowingg"):
        _state(MapPolicy(stages={"sowingg": StagePolicy()}))
    with pytest.raises(ServingError, match="no interactions"):
        build_state(shop.interactions().iloc[:0], [])


def test_the_state_file_round_trips(state: ServingState, tmp_path: Path) -> None:
    path = save_state(state, tmp_path / "serving.json")
    again = load_state(path)
    for stage in state.policies:
        assert serve(again, "anna", 10, stage or None) == serve(state, "anna", 10, stage or None)
