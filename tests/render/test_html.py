from __future__ import annotations

import re

import pytest

from journeymap.model import JourneyMap, Persona, Stage
from journeymap.render import render_html
from journeymap.render.labels import LABELS
from journeymap.render.lanes import build_lanes


def test_html_is_self_contained(any_map: JourneyMap) -> None:
    html = render_html(any_map)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "http://" not in html
    assert "https://" not in html
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert "@import" not in html
    assert "<style>" in html
    assert "<script>" in html


def test_every_stage_and_every_non_empty_lane_is_on_the_page(any_map: JourneyMap) -> None:
    html = render_html(any_map, language="en")
    for stage in any_map.stages:
        assert f'data-stage="{stage.id}"' in html
    for lane in build_lanes(any_map):
        assert f'data-lane="{lane.key}"' in html
        assert LABELS["en"][lane.key] in html


def test_lanes_with_no_content_are_omitted(sketch_map: JourneyMap) -> None:
    html = render_html(sketch_map)
    assert 'data-lane="frontstage"' not in html
    assert 'data-lane="thoughts"' not in html


def test_one_emotion_line_per_persona(full_map: JourneyMap) -> None:
    html = render_html(full_map)
    personas = re.findall(r'<path class="emotion-line" data-persona="([^"]+)"', html)
    assert personas == ["marina", "oleg"]


def test_barriers_are_highlighted_on_their_stage(full_map: JourneyMap) -> None:
    html = render_html(full_map)
    highlighted = re.findall(
        r'<th scope="col" class="jm-stage has-barriers" data-stage="([^"]+)"', html
    )
    assert highlighted == ["choice", "purchase", "post-purchase"]
    assert "severity-critical" in html
    assert html.count('class="jm-cell has-barrier"') == 3


def test_labels_default_to_the_map_language_and_carry_both(russian_map: JourneyMap) -> None:
    html = render_html(russian_map)
    assert '<html lang="ru">' in html
    assert 'data-en="Barriers" data-ru="Барьеры">Барьеры</span>' in html
    english = render_html(russian_map, language="en")
    assert 'data-en="Barriers" data-ru="Барьеры">Barriers</span>' in english
    with pytest.raises(ValueError, match="no built-in labels"):
        render_html(russian_map, language="de")


def test_cyrillic_is_written_as_text_not_escapes(russian_map: JourneyMap) -> None:
    html = render_html(russian_map)
    assert "Языковая школа: пробный урок" in html
    assert "Урок слишком сложный для её уровня" in html
    assert "&#10" not in html


def test_map_text_is_escaped() -> None:
    journey = JourneyMap(
        id="x",
        title="<script>alert(1)</script>",
        personas=[Persona(id="p", name='"Quoted" & <b>bold</b>')],
        stages=[Stage(id="s", name="A & B", actions=["<img src=x>"], emotions={"p": 1})],
    )
    html = render_html(journey)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "A &amp; B" in html


def test_fragment_for_jupyter(full_map: JourneyMap) -> None:
    fragment = render_html(full_map, standalone=False)
    assert fragment.lstrip().startswith('<div class="jm-map')
    assert "<html" not in fragment
    assert "<body" not in fragment
    assert "<style>" in fragment
    assert full_map._repr_html_() == fragment


def test_a_map_with_no_personas_or_emotions_renders() -> None:
    bare = JourneyMap(id="bare", title="Bare", stages=[Stage(id="one", name="One")])
    html = render_html(bare)
    assert "<path" not in html
    assert 'data-stage="one"' in html
    assert '<section class="jm-personas">' not in html
