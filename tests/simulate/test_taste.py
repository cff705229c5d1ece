"""Simulated customers pick items of the workspace catalog by taste, so recommenders have
signal: the ids are the catalog's, a region's customers lean to the items that suit it, and a
personalized recommender beats popularity on the simulated interactions."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journeymap.model import load_map
from journeymap.personalize.catalog import load_catalog
from journeymap.personalize.catalog_simulation import simulation_items, workspace_simulation_items
from journeymap.personalize.evaluation import evaluate, per_person_split
from journeymap.personalize.interactions import EVENT_WEIGHTS
from journeymap.personalize.recommenders import ItemKNNRecommender, PopularityRecommender
from journeymap.simulate import SimulatedItem, simulate

REPO = Path(__file__).resolve().parents[2]
SEED_SHOP = REPO / "examples" / "seed-shop"
CUSTOMERS = 2500


@cache
def seed_shop_events() -> pd.DataFrame:
    journey = load_map(SEED_SHOP / "maps" / "seed-shop.en.yaml")
    items = simulation_items(load_catalog(SEED_SHOP))
    frame: pd.DataFrame = simulate(journey, CUSTOMERS, seed=7, items=items).to_pandas()
    # the customer number: a-<tag>-<seed>-<customer>-<device>
    frame["customer"] = frame["anonymous_id"].str.rsplit("-", n=1).str[0]
    return frame


def product_events() -> pd.DataFrame:
    frame = seed_shop_events()
    products = frame[frame["event"].isin(list(EVENT_WEIGHTS))].copy()
    products["item"] = [json.loads(p).get("product_id") for p in products["properties"]]
    return products[products["item"].notna()]


def test_product_events_name_catalog_products_and_stay_labelled_simulated() -> None:
    catalog = load_catalog(SEED_SHOP)
    products = product_events()
    assert len(products) > 1000
    named = set(products["item"])
    assert named <= {item.id for item in catalog if item.type == "product"}
    assert len(named) > 20  # the long tail reaches most of the catalog
    assert all(json.loads(c)["simulated"] is True for c in products["context"].head(50))
    category = {item.id: item.category for item in catalog}
    sample = products.head(200)
    assert [json.loads(p)["category"] for p in sample["properties"]] == [
        category[i] for i in sample["item"]
    ]


def test_customers_lean_to_the_items_of_their_region() -> None:
    frame = seed_shop_events()
    identify = frame[frame["type"] == "identify"]
    region = {
        c: json.loads(t)["region"]
        for c, t in zip(identify["customer"], identify["traits"], strict=True)
    }
    products = product_events()
    products = products.assign(region=products["customer"].map(region)).dropna(subset=["region"])
    suits = {
        item.id: set(item.suits.get("region", ()))
        for item in simulation_items(load_catalog(SEED_SHOP))
    }
    products["suits_own"] = [
        not suits[i] or r in suits[i]
        for i, r in zip(products["item"], products["region"], strict=True)
    ]
    siberian = products[products["region"] == "siberia"]
    southern = products[products["region"] == "south"]
    cold = [i for i, regions in suits.items() if "siberia" in regions and "south" not in regions]
    assert siberian["item"].isin(cold).mean() > 2 * southern["item"].isin(cold).mean()
    assert products["suits_own"].mean() > 0.8


def test_a_personalized_recommender_beats_popularity_on_simulated_data() -> None:
    products = product_events()
    interactions = pd.DataFrame(
        {
            "person": products["customer"],
            "item": products["item"],
            "weight": products["event"].map(EVENT_WEIGHTS),
            "timestamp": products["timestamp"],
        }
    )
    split = per_person_split(interactions)
    popular = evaluate(PopularityRecommender(), split, k=10)
    personal = evaluate(ItemKNNRecommender(similarity="bm25"), split, k=10)
    assert popular.test_persons > 100
    assert personal.ndcg > 1.1 * popular.ndcg
    assert personal.recall > popular.recall


def test_taste_follows_the_fixed_traits_of_a_segment() -> None:
    journey = load_map(SEED_SHOP / "maps" / "seed-shop.en.yaml")
    items = [
        SimulatedItem("fair-special", "x", 10.0, {"acquired": ["garden-fair"]}),
        SimulatedItem("everyday", "x", 10.0, {}),
    ]
    frame = simulate(journey, 1500, seed=3, items=items).to_pandas()
    frame["customer"] = frame["anonymous_id"].str.rsplit("-", n=1).str[0]
    identify = frame[frame["type"] == "identify"]
    fair = {
        c for c, t in zip(identify["customer"], identify["traits"], strict=True) if "segment" in t
    }
    viewed = frame[frame["event"] == "Product Viewed"]
    special = viewed["properties"].str.contains("fair-special")
    in_fair = viewed["customer"].isin(fair)
    # a trait value the item suits: x4; customers without the trait: unchanged
    assert special[in_fair].mean() > special[~in_fair].mean() + 0.2


def test_outside_a_workspace_there_are_no_catalog_items(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text((SEED_SHOP / "maps" / "seed-shop.en.yaml").read_text(encoding="utf-8"))
    assert workspace_simulation_items(path) == []
    assert len(workspace_simulation_items(SEED_SHOP / "maps" / "seed-shop.en.yaml")) > 20


def test_an_empty_item_list_is_refused_by_the_taste_catalog() -> None:
    from journeymap.simulate.plan import make_plan
    from journeymap.simulate.taste import taste_catalog
    from journeymap.simulate.walk import draw_customers

    journey = load_map(SEED_SHOP / "maps" / "seed-shop.en.yaml")
    plan = make_plan(journey)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="at least one item"):
        taste_catalog([], plan, draw_customers(plan, 5, rng), rng)


@pytest.mark.parametrize(
    ("example", "map_name"),
    [
        ("seed-shop", "seed-shop.ru.yaml"),
        ("language-school", "language-school.en.yaml"),
        ("travel", "travel.en.yaml"),
    ],
)
def test_every_worked_example_simulates_its_own_catalog_ids(example: str, map_name: str) -> None:
    path = REPO / "examples" / example / "maps" / map_name
    items = workspace_simulation_items(path)
    assert items
    frame = simulate(load_map(path), 400, seed=2, items=items).to_pandas()
    named = {
        json.loads(p).get("product_id")
        for p, e in zip(frame["properties"], frame["event"], strict=True)
        if e in EVENT_WEIGHTS
    } - {None}
    assert named
    assert named <= {item.id for item in items}


def test_travellers_view_the_offers_of_their_site_interest() -> None:
    path = REPO / "examples" / "travel" / "maps" / "travel.en.yaml"
    items = workspace_simulation_items(path)
    frame = simulate(load_map(path), 1500, seed=4, items=items).to_pandas()
    frame["customer"] = frame["anonymous_id"].str.rsplit("-", n=1).str[0]
    identify = frame[frame["type"] == "identify"]
    interest = {
        c: json.loads(t)["interest"]
        for c, t in zip(identify["customer"], identify["traits"], strict=True)
    }
    viewed = frame[frame["event"] == "Product Viewed"]
    viewed = viewed[viewed["customer"].isin(interest)]
    categories = [json.loads(p)["category"] for p in viewed["properties"]]
    matches = [c == interest[who] for c, who in zip(categories, viewed["customer"], strict=True)]
    assert len(matches) > 100
    assert sum(matches) / len(matches) > 0.6  # three interests: a third by chance
