"""A chain's lift per segment (a property of the entry event, the profile's segment), checked
against hand counts, scipy's chi-square test per segment and Holm's adjustment by hand."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from journeymap.model.problems import HintedValueError
from journeymap.orchestrate.chain import Chain
from journeymap.orchestrate.effect import chain_effect
from journeymap.orchestrate.holdout import in_holdout
from journeymap.orchestrate.segment_effects import segmented_effects
from journeymap.orchestrate.state import naive
from journeymap.store import Store
from tests.orchestrate.helpers import START, event, load, make_runner, write_folder
from tests.orchestrate.test_markers import SETTINGS, _store_events, state_copy

CHAIN = """
automation: 1
id: reminder
entry: {event: Cart Abandoned}
holdout: 0.3
goal: {event: Order Completed, window: 2d}
steps:
  - {id: remind, send: reminder}
messages:
  reminder: {channel: email, text: {en: "your cart {{ unsubscribe_url }}"}}
"""
PERSONS = [f"p{i:02d}" for i in range(80)]
NOW = START + timedelta(days=3)


def _region(index: int) -> str:
    return "north" if index % 2 == 0 else "south"


def _held(person: str) -> bool:
    return in_holdout(person, "reminder", 0.3)


def _converts(index: int) -> bool:
    """In the north the reminder works (3 in 5 against 1 in 5), in the south it does not."""
    if _region(index) == "north" and not _held(PERSONS[index]):
        return index % 5 in (0, 1, 2)
    return index % 5 == 0


@pytest.fixture(scope="module")
def filled_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The chain's folder and a store file the runner filled (closed: each test opens it)."""
    tmp_path = tmp_path_factory.mktemp("segment-effects")
    folder = write_folder(tmp_path / "automations", {"c.yaml": CHAIN}, SETTINGS)
    url = f"duckdb://{tmp_path / 'store.duckdb'}"
    with Store.open(url) as store:
        profiles = {p: {"traits": {"email": f"{p}@example.com"}} for p in PERSONS}
        runner, clock = make_runner(store, load(folder), tmp_path / "outbox.jsonl", profiles)
        entries = [
            event(p, "Cart Abandoned", START, region=_region(i)) for i, p in enumerate(PERSONS)
        ]
        runner.feed(entries)
        clock.current = START + timedelta(hours=5)
        orders = [
            event(p, "Order Completed", clock.current)
            for i, p in enumerate(PERSONS)
            if _converts(i)
        ]
        runner.feed(orders)
        _store_events(store, entries + orders)
        store.duckdb.executemany(
            "INSERT INTO profiles (person_id, segment, computed_at) VALUES (?, ?, ?)",
            [(p, "vip" if i < 20 else "basic", naive(START)) for i, p in enumerate(PERSONS)],
        )
    return folder, url


@pytest.fixture
def filled(filled_file: tuple[Path, str]) -> Iterator[tuple[Store, Chain]]:
    folder, url = filled_file
    with Store.open(url) as store:
        yield store, load(folder).chains[0]


def _holm(p_values: list[float]) -> list[float]:
    """Holm for two p-values, written out."""
    low, high = sorted(p_values)
    adjusted = {low: min(1.0, 2 * low), high: min(1.0, max(2 * low, high))}
    return [adjusted[p] for p in p_values]


def test_goal_lift_per_region_matches_hand_counts_scipy_and_holm(
    filled: tuple[Store, Chain],
) -> None:
    from scipy.stats import chi2_contingency

    store, chain = filled
    (goal,) = segmented_effects(store, chain, "property:region", markers=["goal"], now=NOW)
    assert [s.segment for s in goal.segments] == ["north", "south"]
    p_values = []
    for found in goal.segments:
        members = [i for i, _p in enumerate(PERSONS) if _region(i) == found.segment]
        treated = [i for i in members if not _held(PERSONS[i])]
        held = [i for i in members if _held(PERSONS[i])]
        x_t, x_c = sum(map(_converts, treated)), sum(map(_converts, held))
        marker = found.marker
        assert (marker.treatment.units, marker.treatment.successes) == (len(treated), x_t)
        assert (marker.holdout.units, marker.holdout.successes) == (len(held), x_c)
        assert marker.effect is not None
        assert marker.effect.difference == pytest.approx(x_t / len(treated) - x_c / len(held))
        table = [[x_t, len(treated) - x_t], [x_c, len(held) - x_c]]
        assert marker.effect.p_value == pytest.approx(
            chi2_contingency(table, correction=False).pvalue
        )
        p_values.append(marker.effect.p_value)
    adjusted = [s.p_adjusted for s in goal.segments]
    assert adjusted == pytest.approx(_holm(p_values))
    north = goal.segments[0].marker.effect
    assert north is not None
    assert north.difference > 0.2  # the reminder works in the north


def test_segments_add_up_to_the_whole_chain(filled: tuple[Store, Chain]) -> None:
    store, chain = filled
    whole = chain_effect(store, chain, now=NOW)
    (goal,) = segmented_effects(store, chain, "segment", markers=["goal"], now=NOW, correction="bh")
    assert {s.segment for s in goal.segments} == {"vip", "basic"}
    assert sum(s.marker.treatment.units for s in goal.segments) == whole.treatment.persons
    assert sum(s.marker.holdout.successes or 0 for s in goal.segments) == whole.holdout.converted
    assert goal.row()["segments"][0]["p_adjusted"] is not None


@pytest.mark.parametrize("by", ["segment", "property:region"])
def test_segments_read_the_events_and_profiles_of_another_store(
    filled: tuple[Store, Chain], by: str
) -> None:
    """The state in one store, events and profiles in another (a Spark store's side file)."""
    store, chain = filled
    together = segmented_effects(store, chain, by, now=NOW)
    with state_copy(store) as state:
        apart = segmented_effects(state, chain, by, now=NOW, source=store)
    assert len(together[0].segments) == 2  # the segments are really there
    for mine, theirs in zip(apart, together, strict=True):
        assert json.dumps(mine.row(), sort_keys=True) == json.dumps(theirs.row(), sort_keys=True)


def test_an_unknown_segmentation_is_refused_with_a_hint(filled: tuple[Store, Chain]) -> None:
    store, chain = filled
    with pytest.raises(HintedValueError, match="regoin") as raised:
        segmented_effects(store, chain, "regoin", now=NOW)
    assert "trait:KEY" in str(raised.value.hint)


def test_the_cli_prints_and_returns_the_library_rows(filled_file: tuple[Path, str]) -> None:
    from typer.testing import CliRunner

    from journeymap.cli.app import app

    folder, url = filled_file
    command = ["automations", "effect", "reminder", "--folder", str(folder), "--store", url]
    runner = CliRunner()
    result = runner.invoke(app, [*command, "--segment", "property:region", "--json"])
    assert result.exit_code == 0, result.output
    with Store.open(url) as store:
        (expected,) = segmented_effects(
            store, load(folder).chains[0], "property:region", markers=["goal"]
        )
    assert json.loads(result.output)["segments"] == [json.loads(json.dumps(expected.row()))]
    text = runner.invoke(app, [*command, "--segment", "property:region", "--markers"]).output
    assert "goal per segment of property:region" in text
    assert "NPS score (mean) per segment" in text
    assert "adjusted p (Holm)" in text
    russian = runner.invoke(app, ["--lang", "ru", *command, "--segment", "channel"]).output
    assert "по сегментам" in russian
    bad = runner.invoke(app, [*command, "--segment", "regoin"])
    assert bad.exit_code == 2
    assert "trait:KEY" in bad.output


def test_a_kpi_by_segment_gets_each_segments_lift(filled: tuple[Store, Chain]) -> None:
    from journeymap.analytics.kpi import evaluate_kpis
    from journeymap.cli.analyze_render import print_kpis
    from journeymap.cli.output import console
    from journeymap.model import parse_map
    from journeymap.orchestrate.kpi_effects import effect_lookup

    store, chain = filled
    journey = parse_map(KPI_MAP).model
    lookup = effect_lookup(store, [chain], now=NOW)
    (result,) = evaluate_kpis(store.events(), journey, effects=lookup)
    (expected,) = segmented_effects(store, chain, "property:region", markers=["goal"], now=NOW)
    assert result.segments is not None
    assert [row["segment"] for row in result.segments] == ["north", "south"]
    north = expected.segments[0]
    assert north.marker.effect is not None
    assert result.segments[0]["lift"] == pytest.approx(100 * north.marker.effect.difference)
    assert result.segments[0]["p_adjusted"] == pytest.approx(north.p_adjusted)
    with console.capture() as captured:
        print_kpis([result])
    assert "lift per segment" in captured.get()


def test_a_misspelt_segmentation_fails_at_the_maps_line() -> None:
    from journeymap.model import MapError, parse_map

    with pytest.raises(MapError) as raised:
        parse_map(KPI_MAP.replace("by=property:region", "by=regoin"), filename="m.yaml")
    assert "m.yaml:7:" in str(raised.value)
    assert "unknown segmentation 'regoin'" in str(raised.value)


KPI_MAP = """\
journeymap: 1
id: shop
title: Shop
stages:
  - id: buy
    name: Buy
    kpis: [{id: lift, name: Lift, unit: "%", measure: "effect(reminder, goal, by=property:region)"}]
"""


def test_the_report_shows_each_segments_lift(filled: tuple[Store, Chain]) -> None:
    from openpyxl import load_workbook

    from journeymap.model import parse_map
    from journeymap.report.build import build_report
    from journeymap.report.html import render_report_html
    from journeymap.report.xlsx import render_report_xlsx

    store, chain = filled
    data = build_report(store, parse_map(KPI_MAP).model, chains=[chain], now=NOW)
    (kpi,) = data.kpis
    assert kpi.segments is not None
    html = render_report_html(data)
    assert 'class="jm-kpi-segments"' in html
    assert 'data-segment="north"' in html
    assert "adjusted p (Holm)" in html
    assert "p с поправкой (Холм)" in render_report_html(data, language="ru")
    sheet = load_workbook(io.BytesIO(render_report_xlsx(data)))["KPIs"]
    names = [row[2] for row in sheet.iter_rows(values_only=True)]
    assert any(str(name).startswith("Lift: north (adjusted p (Holm)") for name in names)


def test_the_api_gives_each_segments_lift(filled_file: tuple[Path, str]) -> None:
    from fastapi.testclient import TestClient

    from journeymap.api.app import create_app
    from journeymap.model.serve_config import ServeSettings
    from journeymap.service.keys import KeyRing
    from journeymap.service.settings import ServiceSettings

    folder, url = filled_file
    root = folder.parent  # the workspace: journeymap.toml, maps/ and automations/
    (root / "journeymap.toml").write_text("", encoding="utf-8")
    (root / "maps").mkdir(exist_ok=True)
    (root / "maps" / "shop.yaml").write_text(KPI_MAP, encoding="utf-8")
    settings = ServiceSettings(
        store_url=url,
        spool=root / "spool",
        keys=root / "keys.json",
        serve=ServeSettings(),
        maps=root / "maps",
    )
    key = KeyRing(settings.keys).create("read")[1]
    with TestClient(create_app(settings)) as client:
        answer = client.get("/v1/analytics/kpis", params={"map": "shop"}, auth=(key, ""))
        # `?segment=`: the KPI's value in each segment is the chain's lift there, not a blank
        params = {"map": "shop", "segment": "property:region"}
        cut = client.get("/v1/analytics/kpis", params=params, auth=(key, ""))
    assert answer.status_code == 200, answer.text
    (kpi,) = answer.json()["kpis"]
    assert [row["segment"] for row in kpi["segments"]] == ["north", "south"]
    assert kpi["segments"][0]["p_adjusted"] is not None
    assert cut.status_code == 200, cut.text
    segments = cut.json()["segments"]
    assert list(segments) == ["north", "south"]
    for row in kpi["segments"]:
        (within,) = segments[row["segment"]]["kpis"]
        assert within["value"] == pytest.approx(row["lift"])
        assert within["persons"] == row["persons"]


SEGMENTED_KPI_MAP = KPI_MAP.replace(
    '"effect(reminder, goal, by=property:region)"}]',
    '"effect(reminder)"}, {id: nps, name: NPS, measure: "effect(reminder, nps)"}]',
)


def test_analyze_kpis_by_segment_gets_the_lift_within_each_segment(
    filled: tuple[Store, Chain],
) -> None:
    """`analyze kpis --segment`: an effect KPI's value in a segment is the chain's lift there
    (what `effect(CHAIN, MARKER, by=SPEC)` gives), or why there is none."""
    from journeymap.analytics.kpi_segments import kpis_by_segment
    from journeymap.analytics.segmentation import SegmentBy
    from journeymap.cli.output import console
    from journeymap.cli.segment_render import print_kpis
    from journeymap.model import parse_map
    from journeymap.orchestrate.kpi_effects import effect_lookup

    store, chain = filled
    journey = parse_map(SEGMENTED_KPI_MAP).model
    lookup = effect_lookup(store, [chain], now=NOW)
    by = SegmentBy.parse("property:region")
    result = kpis_by_segment(store.events(), journey, by, effects=lookup)
    (expected,) = segmented_effects(store, chain, "property:region", markers=["goal"], now=NOW)
    assert list(result.segments) == [s.segment for s in expected.segments] == ["north", "south"]
    for found in expected.segments:
        lift, nps = result.segments[found.segment]["kpis"]
        assert found.marker.effect is not None
        assert lift["value"] == pytest.approx(100 * found.marker.effect.difference)
        assert lift["persons"] == found.marker.treatment.units + found.marker.holdout.units
        assert nps["status"] == "no data"  # nobody answered a survey: the reason, not a blank
        assert nps["message"].startswith("no effect of reminder yet")
    with console.capture() as captured:
        print_kpis(result)
    assert "buy / NPS: no effect of reminder yet" in captured.get()
