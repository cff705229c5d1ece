"""`content/policies.yaml`: parsed, merged over the defaults, and wrong keys reported with
file:line and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.personalize.strategies import PolicyError, load_policies
from journeymap.personalize.strategies.policy import StagePolicy, resolve
from journeymap.personalize.strategies.policy_file import policy_for
from journeymap.templates import get_template

GOOD = """\
policies:
  shop:
    defaults:
      filters: {language: false}
      max_per_category: 2
    stages:
      look:
        role: awareness
        filters: {region: false}
        pin: [basil]
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "policies.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_stage_policy_merges_over_the_map_defaults_and_its_role(tmp_path: Path) -> None:
    policies = load_policies(_write(tmp_path, GOOD))
    shop = policy_for(policies, "shop")
    look = resolve(shop.stages["look"], shop.defaults, "awareness")
    assert look.filters.language is False  # from the map's defaults
    assert look.filters.region is False  # the stage's own
    assert look.filters.in_stock is True  # untouched
    assert look.max_per_category == 2
    assert look.pin == ["basil"]
    assert look.sources[0].source == "popular_in_segment_region"  # the role's sources
    other = resolve(None, shop.defaults, "cart")
    assert [s.source for s in other.sources][:2] == ["cart", "reminder"]
    assert other.filters.stage is False  # the cart shows her items whatever their stage


def test_no_file_means_no_policies_and_unknown_maps_get_the_defaults(tmp_path: Path) -> None:
    assert load_policies(tmp_path) == {}
    assert policy_for({}, "shop").stages == {}


@pytest.mark.parametrize(
    ("text", "where", "message", "hint"),
    [
        (GOOD.replace("max_per_category", "max_per_categroy"), ":5:", "unknown key", "did you"),
        (GOOD.replace("role: awareness", "role: hype"), ":8:", "unknown role 'hype'", "use one"),
        (
            GOOD.replace("pin: [basil]", "sources: [{source: popularr}]"),
            ":10:",
            "unknown source 'popularr'",
            "did you mean 'popular'?",
        ),
        ("stages: {}\n", ":1", "expected a mapping `policies:`", "start the file"),
    ],
)
def test_mistakes_point_at_file_and_line_with_a_hint(
    tmp_path: Path, text: str, where: str, message: str, hint: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policies(_write(tmp_path, text))
    shown = str(caught.value.problems[0])
    assert f"policies.yaml{where}" in shown
    assert message in shown
    assert hint in shown


def test_weights_must_be_positive() -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        StagePolicy.model_validate({"sources": [{"source": "popular", "weight": 0}]})


def test_a_map_may_carry_its_policy_and_the_file_wins(tmp_path: Path) -> None:
    from journeymap.model import load_map

    text = get_template("seed-shop").map_resource("en").read_text(encoding="utf-8")
    block = "personalization:\n  stages:\n    awareness: {pin: [basil-genovese]}\n"
    path = tmp_path / "shop.yaml"
    path.write_text(text + block, encoding="utf-8")
    journey = load_map(path)
    assert journey.personalization is not None
    own = journey.personalization
    assert policy_for({}, journey.id, own).stages["awareness"].pin == ["basil-genovese"]
    from_file = load_policies(_write(tmp_path, GOOD.replace("  shop:", f"  {journey.id}:")))
    assert policy_for(from_file, journey.id, own).stages["look"].pin == ["basil"]


def test_a_wrong_key_in_the_map_block_is_a_map_error_with_its_line(tmp_path: Path) -> None:
    from journeymap.model import MapError, load_map

    text = get_template("seed-shop").map_resource("en").read_text(encoding="utf-8")
    lines = len(text.splitlines())
    path = tmp_path / "shop.yaml"
    path.write_text(text + "personalization:\n  stages:\n    awareness: {pinn: [x]}\n", "utf-8")
    with pytest.raises(MapError) as caught:
        load_map(path)
    shown = str(caught.value.problems[0])
    assert f"shop.yaml:{lines + 3}" in shown
    assert "pinn" in shown


def test_the_model_knows_the_catalog_item_types() -> None:
    from typing import get_args

    from journeymap.model.personalization import ItemTypeName
    from journeymap.personalize.catalog_item import ITEM_TYPES

    assert get_args(ItemTypeName) == ITEM_TYPES
