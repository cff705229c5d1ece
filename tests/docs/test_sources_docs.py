"""docs/sources.md and docs/ru/sources.md stay true: the preset example parses, and the pipeline
binding example binds imported amoCRM deals to the map's stages."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from journeymap.analytics.bind import bind_events
from journeymap.events.ingest import ingest_file
from journeymap.events.presets import builtin_presets, parse_preset
from journeymap.model import parse_map
from journeymap.store import Store

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = [DOCS / "sources.md", DOCS / "ru" / "sources.md"]
DEALS = Path(__file__).parents[1] / "events" / "fixtures" / "ru" / "amocrm_deals.csv"


def _block(page: Path, language: str) -> str:
    [block] = re.findall(rf"```{language}\n(.*?)```", page.read_text("utf-8"), re.DOTALL)
    return block


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_the_preset_example_parses(page: Path) -> None:
    preset = parse_preset(tomllib.loads(_block(page, "toml")), page.name)
    assert [rule.name for rule in preset.events] == ["Заказ оформлен", "Order Completed"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_built_in_preset_is_named(page: Path) -> None:
    text = page.read_text("utf-8")
    assert all(f"`{preset.name}`" in text for preset in builtin_presets())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_the_pipeline_binding_binds_deals_to_stages(page: Path) -> None:
    header = "journeymap: 1\nid: crm\ntitle: CRM\ngoal: Close deals\nsegment: all\n"
    journey = parse_map(header + _block(page, "yaml")).model
    with Store.open("duckdb://:memory:") as store:
        ingest_file(store, DEALS)
        bound = bind_events(store.events(), journey).select("event", "stage").to_pyarrow()
    stage_of = {row["event"]: row["stage"] for row in bound.to_pylist()}
    assert stage_of["Сделка: этап «Переговоры»"] == "consideration"
    assert stage_of["Сделка: этап «Успешно реализовано»"] == "purchase"
    assert stage_of["Сделка создана"] is None
