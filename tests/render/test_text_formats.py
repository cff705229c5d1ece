from __future__ import annotations

import csv
import io
import json

from journeymap.model import JourneyMap
from journeymap.render import render


def test_markdown_has_personas_map_table_and_touchpoints(full_map: JourneyMap) -> None:
    text = render(full_map, "md").decode("utf-8")
    assert text.startswith("# Online seed shop — first purchase & repeat\n")
    assert "## Personas" in text
    assert "### Marina" in text
    assert "> Show me the germination rate." in text
    assert "| Lane | Awareness | Choice | Purchase | Post-purchase |" in text
    assert "| Emotions: Marina | +1 curious | -1 confused | -2 | +2 proud |" in text
    assert '| Actions | searches "easy vegetables to grow"<br>watches a video |' in text
    assert "## Touchpoints" in text
    assert "| Call centre | offline | phone | support |  | Purchase | no |" in text
    map_section = text.split("## Journey map")[1].split("## Touchpoints")[0]
    table = [line for line in map_section.splitlines() if line.startswith("| ")]
    assert len(table) == 2 + 17  # header, separator, 16 lanes with emotions split per persona
    widths = {line.count(" | ") for line in table}
    assert widths == {len(full_map.stages)}  # every row of the map table has every column


def test_markdown_escapes_pipes_and_tags(sketch_map: JourneyMap) -> None:
    tricky = sketch_map.model_copy(update={"title": "A | B <b>"})
    assert render(tricky, "md").decode().startswith("# A \\| B &lt;b>\n")


def test_mermaid_has_one_section_per_persona(full_map: JourneyMap) -> None:
    text = render(full_map, "mermaid").decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "journey"
    assert lines[1] == "    title Online seed shop — first purchase & repeat"
    sections = [line.strip() for line in lines if line.strip().startswith("section ")]
    assert sections == ["section Marina", "section Oleg"]
    # Purchase: Marina -2 and Oleg -1 stay apart (never averaged) on Mermaid's 1..5 scale.
    assert "      Purchase: 1: Marina" in lines
    assert "      Purchase: 2: Oleg" in lines
    assert "      Choice - confused: 2: Marina" in lines
    assert "      Post-purchase - proud: 5: Marina" in lines


def test_mermaid_opposite_scores_do_not_cancel(full_map: JourneyMap) -> None:
    stage = full_map.stages[0]
    emotion = stage.emotions["marina"]
    opposite = {
        "marina": emotion.model_copy(update={"score": 2, "label": None}),
        "oleg": emotion.model_copy(update={"score": -2, "label": None}),
    }
    journey = full_map.model_copy(
        update={"stages": [stage.model_copy(update={"emotions": opposite})]}
    )
    lines = render(journey, "mermaid").decode().splitlines()
    assert f"      {stage.name}: 5: Marina" in lines
    assert f"      {stage.name}: 1: Oleg" in lines
    assert not any(": 3: " in line for line in lines)


def test_mermaid_without_emotions_lists_tasks_per_stage(
    sketch_map: JourneyMap,
) -> None:
    stage = sketch_map.stages[0].model_copy(
        update={"actions": [], "name": "Step: one; #1", "emotions": {}}
    )
    journey = sketch_map.model_copy(update={"stages": [stage]})
    lines = render(journey, "mermaid").decode().splitlines()
    assert "    section Step - one - 1" in lines
    assert "      Product catalog: 3" in lines


def test_csv_is_the_grid_with_a_bom(russian_map: JourneyMap) -> None:
    data = render(russian_map, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Дорожка", "Запись на урок", "Пробный урок", "Оплата курса"]
    by_lane = {row[0]: row[1:] for row in rows[1:]}
    assert by_lane["Эмоции: Анна"] == ["+1", "-2 растерянность", "+1"]
    assert by_lane["Барьеры"][1].startswith(
        "Урок слишком сложный для её уровня (Серьёзность: высокая"
    )
    assert all(len(row) == 4 for row in rows)


def test_json_round_trips(any_map: JourneyMap) -> None:
    data = render(any_map, "json")
    loaded = JourneyMap.model_validate(json.loads(data))
    assert loaded == any_map
    assert json.loads(data)["journeymap"] == 1


def test_cyrillic_is_not_escaped_in_text_formats(russian_map: JourneyMap) -> None:
    for fmt in ("md", "mermaid", "json", "svg", "html"):
        text = render(russian_map, fmt).decode("utf-8")
        assert "Пробный урок" in text, fmt
        assert "\\u04" not in text, fmt
