"""The content catalog: YAML, CSV and Parquet items, file:line errors, items missing from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.model.workspace import load_workspace
from journeymap.personalize.catalog import CatalogError, load_catalog
from journeymap.personalize.catalog_match import match_items
from tests.personalize.conftest import duckdb_events

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = ("seed-shop", "language-school", "travel")

YAML = """\
# a comment first
items:
  - id: tomato
    type: product
    title: Tomato seeds
    category: tomatoes
    tags: [early, cold-hardy]
    region: siberia
    price: 89
    valid_from: 2026-01-01
    properties: {care: easy}
  - id: guide
    type: tutorial
    title: First seedlings
    stages: [sowing]
    about: tomato
"""


def _problems(folder: Path) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    return [str(p) for p in caught.value.problems]


def test_yaml_items_load_with_their_attributes(tmp_path: Path) -> None:
    (tmp_path / "items.yaml").write_text(YAML, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert len(catalog) == 2
    tomato = catalog.get("tomato")
    assert tomato is not None
    assert (tomato.region, tomato.price, tomato.in_stock) == (["siberia"], 89.0, True)
    assert tomato.properties == {"care": "easy"}
    assert tomato.valid_on(dt.date(2026, 5, 1))
    assert not tomato.valid_on(dt.date(2025, 12, 31))
    assert catalog.get("guide").about == ["tomato"]  # type: ignore[union-attr]
    assert catalog.categories() == {"tomato": "tomatoes"}
    assert catalog.origins["guide"].endswith("items.yaml:12")


def test_csv_and_parquet_rows_are_items(tmp_path: Path) -> None:
    (tmp_path / "offers.csv").write_text(
        "id,type,title,tags,in_stock,properties.nights\n"
        'sea-1,product,"Sea, 7 nights",beach;family,false,7\n',
        encoding="utf-8",
    )
    table = pa.table({"id": ["spa-1"], "type": ["product"], "title": ["Spa"], "tags": [["a"]]})
    pq.write_table(table, tmp_path / "spa.parquet")
    catalog = load_catalog(tmp_path)
    sea = catalog.get("sea-1")
    assert sea is not None
    assert (sea.tags, sea.in_stock, sea.properties) == (["beach", "family"], False, {"nights": 7})
    assert catalog.get("spa-1").tags == ["a"]  # type: ignore[union-attr]


def test_other_yaml_content_is_not_part_of_the_catalog(tmp_path: Path) -> None:
    (tmp_path / "policies.yaml").write_text("awareness: {sources: [popular]}\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Content\n", encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert len(catalog) == 0
    assert [p.name for p in catalog.skipped] == ["policies.yaml"]
    assert len(load_catalog(tmp_path / "missing")) == 0


def test_yaml_errors_name_file_line_and_a_hint(tmp_path: Path) -> None:
    bad = YAML.replace("title: Tomato seeds", "titel: Tomato seeds").replace(
        "type: tutorial", "type: video"
    )
    (tmp_path / "items.yaml").write_text(bad, encoding="utf-8")
    problems = _problems(tmp_path)
    file = str(tmp_path / "items.yaml")
    assert any(
        p.startswith(f"{file}:5:5 ") and "unknown key 'titel'" in p and "did you mean 'title'" in p
        for p in problems
    ), problems
    assert any(p.startswith(f"{file}:3:") and "'title' is required" in p for p in problems)
    assert any(
        p.startswith(f"{file}:13:") and "'video' is not an item type" in p and "tutorial" in p
        for p in problems
    ), problems


def test_valid_dates_must_be_in_order(tmp_path: Path) -> None:
    (tmp_path / "items.yaml").write_text(
        "- {id: a, type: article, title: A, valid_from: 2026-05-01, valid_to: 2026-04-01}\n",
        encoding="utf-8",
    )
    (problem,) = _problems(tmp_path)
    assert problem.startswith(f"{tmp_path / 'items.yaml'}:1:")
    assert "valid_to 2026-04-01 is before valid_from 2026-05-01" in problem


def test_broken_yaml_and_csv_rows_point_at_their_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("items:\n  - id: x\n   type: product\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(
        'id,type,title,price\nok,product,Fine,1\nbad,product,Bad,-5\n"multi\nline",article,,\n',
        encoding="utf-8",
    )
    problems = _problems(tmp_path)
    assert any(p.startswith(f"{tmp_path / 'a.yaml'}:3:") and "invalid YAML" in p for p in problems)
    csv_file = str(tmp_path / "b.csv")
    assert any(p.startswith(f"{csv_file}:3 ") and "price" in p for p in problems), problems
    assert any(p.startswith(f"{csv_file}:4 ") and "'title' is required" in p for p in problems)


def test_duplicate_ids_across_files_are_errors(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(YAML, encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,type,title\ntomato,product,Again\n", encoding="utf-8")
    problems = _problems(tmp_path)
    assert problems == [
        f"{tmp_path / 'b.csv'}:2 id: duplicate item id 'tomato' (first written at "
        f"{tmp_path / 'a.yaml'}:3) (hint: item ids are unique across every file of content/)"
    ]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_worked_examples_ship_a_valid_catalog(name: str) -> None:
    workspace = load_workspace(REPO / "examples" / name)
    catalog = load_catalog(workspace)
    assert len(catalog) >= 10
    types = {item.type for item in catalog}
    assert {"product", "review", "tutorial"} <= types
    stages = {s for item in catalog for s in item.stages}
    from journeymap.model import load_map

    journey = load_map(workspace.map_paths()[0])
    assert stages <= {s.id for s in journey.stages}  # every stage named exists on the map


def test_events_for_items_missing_from_the_catalog_are_reported(tmp_path: Path) -> None:
    (tmp_path / "items.yaml").write_text(YAML, encoding="utf-8")
    catalog = load_catalog(tmp_path)
    rows = [
        {"person_id": "p", "event": "Product Viewed", "timestamp": "2026-01-01", "properties": p}
        for p in (
            {"product_id": "tomato"},
            {"product_id": "ghost"},
            {"sku": "ghost"},
            {"item_id": "other"},
            {},
        )
    ]
    match = match_items(duckdb_events(rows), catalog)
    assert match.as_dict() == {
        "events_with_items": 4,
        "items_seen": 3,
        "matched_events": 1,
        "missing_events": 3,
        "missing_items": 2,
        "examples": [{"item": "ghost", "events": 2}, {"item": "other", "events": 1}],
    }
