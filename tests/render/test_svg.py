from __future__ import annotations

import xml.etree.ElementTree as ET

from journeymap.model import JourneyMap
from journeymap.render import render

SVG = "{http://www.w3.org/2000/svg}"


def _parse(journey: JourneyMap, language: str | None = None) -> ET.Element:
    return ET.fromstring(render(journey, "svg", language=language))


def test_svg_is_valid_xml_with_the_grid_and_curve(full_map: JourneyMap) -> None:
    root = _parse(full_map)
    assert root.tag == f"{SVG}svg"
    assert float(root.attrib["width"]) > 1000
    lines = root.findall(f".//{SVG}path[@class='emotion-line']")
    assert [p.attrib["data-persona"] for p in lines] == ["marina", "oleg"]
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    for stage in full_map.stages:
        assert stage.name in texts
    for label in ("Barriers", "Frontstage", "Support processes", "Emotion curve"):
        assert label in texts
    assert "Shipping cost appears only" in texts


def test_svg_in_russian(russian_map: JourneyMap) -> None:
    root = _parse(russian_map)
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Барьеры" in texts
    assert "Языковая школа: пробный урок" in texts
    assert "Barriers" in " ".join(
        "".join(t.itertext()) for t in _parse(russian_map, "en").iter(f"{SVG}text")
    )


def test_long_text_is_wrapped(sketch_map: JourneyMap) -> None:
    long_goal = "find seeds " * 30
    stage = sketch_map.stages[0].model_copy(update={"customer_goals": [long_goal.strip()]})
    root = _parse(sketch_map.model_copy(update={"stages": [stage]}))
    pieces = [t.text or "" for t in root.iter(f"{SVG}text") if "find seeds" in (t.text or "")]
    assert len(pieces) > 5
    assert max(len(p) for p in pieces) < 40
