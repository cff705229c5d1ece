"""The report's personalization section: per stage what is recommended and why, coverage and
offline quality, on the seed shop's simulated events; absent without a catalog."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from journeymap.analytics.bind import bind_events
from journeymap.model import load_map, parse_map
from journeymap.personalize.catalog import Catalog, load_catalog
from journeymap.personalize.catalog_item import CatalogItem
from journeymap.personalize.catalog_simulation import simulation_items
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.report.personalization_section import (
    PersonalizationSection,
    personalization_section,
)
from journeymap.report.xlsx import render_report_xlsx
from journeymap.report.xlsx_personalization import personalization_sheet
from journeymap.simulate import simulate
from journeymap.store import Store
from tests.analytics.conftest import LIBRARY_WARNINGS
from tests.report.test_report_build import MAP
from tests.report.test_report_build import _events as tiny_events

pytestmark = [pytest.mark.filterwarnings(spec) for spec in LIBRARY_WARNINGS]
SEED_SHOP = Path(__file__).resolve().parents[2] / "examples" / "seed-shop"
JOURNEY = load_map(SEED_SHOP / "maps" / "seed-shop.en.yaml")


@pytest.fixture(scope="module")
def section(tmp_path_factory: pytest.TempPathFactory) -> PersonalizationSection:
    """The section over 1,500 simulated seed-shop customers (inserted as they are: persons
    are their anonymous and user ids, enough for the section)."""
    catalog = load_catalog(SEED_SHOP)
    table = simulate(JOURNEY, 1500, seed=5, items=simulation_items(catalog))
    folder = tmp_path_factory.mktemp("personalization")
    with Store.open(f"duckdb://{folder / 'store.duckdb'}") as store:
        store.backend.insert("events", table)
        events = store.events()
        with bind_events(events, JOURNEY).cache() as bound:
            found = personalization_section(events, bound, JOURNEY, catalog, simulated=True)
    assert found is not None
    return found


def page(section: PersonalizationSection, language: str, tmp_path: Path) -> str:
    with Store.open(f"duckdb://{tmp_path / 'empty.duckdb'}") as empty:
        data = build_report(empty, JOURNEY)
    data.personalization = section
    return render_report_html(data, language=language)


def test_each_stage_gets_catalog_items_with_reasons(section: PersonalizationSection) -> None:
    assert section.simulated
    catalog = load_catalog(SEED_SHOP)
    assert [s.stage for s in section.stages] == [s.id for s in JOURNEY.stages]
    research = next(s for s in section.stages if s.stage == "research")
    assert research.persons > 100
    assert research.items
    assert all(i.reason == "popular_in_group" for i in research.items)
    assert all(i.reason_value == "research" for i in research.items)
    scores = [i.score for i in research.items]
    assert scores == sorted(scores, reverse=True)
    for stage in section.stages:
        for item in stage.items:
            suits = catalog.items[item.item].stages
            assert not suits or stage.stage in suits
            assert catalog.items[item.item].in_stock
    assert section.missing_items == 0
    assert 0 < section.recommended_coverage <= 1


def test_offline_quality_names_the_split_and_beats_popularity(
    section: PersonalizationSection,
) -> None:
    assert section.split is not None
    assert "per person" in section.split
    quality = {q["name"]: q for q in section.quality}
    assert set(quality) == {"popularity", "item-knn-bm25"}
    assert quality["item-knn-bm25"]["ndcg"] > quality["popularity"]["ndcg"]
    assert "research" in quality["item-knn-bm25"]["stages"]
    assert section.as_dict()["k"] == 10


@pytest.mark.parametrize(
    ("language", "heading", "reason"),
    [("en", "Personalization", "popular at the stage"), ("ru", "Персонализация", "популярно")],
)
def test_the_html_shows_the_section_in_the_report_language(
    section: PersonalizationSection, tmp_path: Path, language: str, heading: str, reason: str
) -> None:
    html = page(section, language, tmp_path)
    assert f"<h2>{heading}</h2>" in html
    assert 'class="jm-personalization" data-simulated="true"' in html
    assert reason in html
    assert "NDCG@10" in html


def test_build_report_adds_the_section_only_with_a_catalog() -> None:
    journey = parse_map(MAP).model
    item = CatalogItem(id="x1", type="product", title="X one")
    data = build_report(tiny_events(simulated=True), journey, catalog=Catalog(items={"x1": item}))
    assert data.personalization is not None
    assert data.personalization.note is not None  # the tiny log names no items
    assert data.as_dict()["personalization"]["catalog_items"] == 1
    assert "Offline quality not measured" in render_report_html(data)
    book = load_workbook(io.BytesIO(render_report_xlsx(data)))
    assert "Personalization" in book.sheetnames
    assert build_report(tiny_events(), journey).personalization is None


@pytest.mark.parametrize(
    ("language", "sheet_name"), [("en", "Personalization"), ("ru", "Персонализация")]
)
def test_the_xlsx_sheet_lists_each_stage_and_the_quality(
    section: PersonalizationSection, language: str, sheet_name: str
) -> None:
    book = Workbook()
    personalization_sheet(book, section, language)
    sheet = book[sheet_name]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    listed = [row for row in rows if len(row) >= 3 and row[1] == 1]
    assert len(listed) == len(section.stages)  # one first item per stage
    assert {row[2] for row in listed} <= set(load_catalog(SEED_SHOP).items)
    assert any(row[0] == "item-knn-bm25" for row in rows)
