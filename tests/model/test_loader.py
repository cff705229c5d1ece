"""Loading maps: the architecture sketch, positioned errors, one error per kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model import MapError, load_document, load_map, parse_map
from journeymap.model.loader import MapDocument

MAPS = Path(__file__).parent / "maps"
SKETCH = MAPS / "architecture_sketch.yaml"


def problems_of(text: str) -> list[str]:
    with pytest.raises(MapError) as caught:
        parse_map(text, filename="maps/shop.yaml")
    return [str(p) for p in caught.value.problems]


def test_architecture_sketch_validates_as_written() -> None:
    document = load_document(SKETCH)
    journey = document.model
    assert journey.id == "seed-shop-first-purchase"
    assert journey.title == "Online seed shop: first purchase"
    stage = journey.stage("interest")
    assert stage.emotions["marina"].score == 1
    assert stage.barriers[0].solutions[0].text == "Recommend seeds by region"
    assert stage.barriers[0].evidence[0].note == "7 of 12 interviews"
    assert stage.kpis[0].target == 0.12
    assert journey.touchpoint("catalog").bindings[0].event == "Product Viewed"
    # the unquoted ': ' in the title is accepted and reported as a note, not silently
    assert [n.line for n in document.notes] == [3]


MINIMAL = """\
journeymap: 1
id: shop
title: Shop
personas:
  - id: marina
    name: Marina
stages:
  - id: interest
    name: Interest
    touchpoints: [catalog]
    emotions:
      marina: {emotion}
touchpoints:
  - id: catalog
    name: Catalog
"""


def test_emotion_outside_scale_points_at_line_and_column() -> None:
    assert problems_of(MINIMAL.format(emotion=5)) == [
        "maps/shop.yaml:12:15 stages[0].emotions.marina: 5 is outside -2..+2"
    ]


def test_emotion_with_label_is_accepted() -> None:
    journey = parse_map(MINIMAL.format(emotion="{score: -1, label: anxious}")).model
    assert journey.stages[0].emotions["marina"].label == "anxious"


def test_bad_yaml_gives_position_and_hint() -> None:
    (problem,) = problems_of("id: x\ntitle: [unclosed\nstages: []\n")
    assert problem.startswith("maps/shop.yaml:")
    assert "invalid YAML" in problem


def test_wrong_type() -> None:
    text = MINIMAL.format(emotion=1).replace("name: Marina", "name: Marina\n    goals: 3")
    (problem,) = problems_of(text)
    assert problem.startswith("maps/shop.yaml:7:12 personas[0].goals:")


def test_unknown_key_suggests_the_right_one() -> None:
    text = MINIMAL.format(emotion=1).replace("name: Interest", "name: Interest\n    acions: [x]")
    assert problems_of(text) == [
        "maps/shop.yaml:10:5 stages[0].acions: unknown key 'acions' (hint: did you mean 'actions'?)"
    ]


def test_dangling_touchpoint_and_persona() -> None:
    text = (
        MINIMAL.format(emotion=1)
        .replace("[catalog]", "[catalogue]")
        .replace("marina: 1", "maria: 1")
    )
    found = problems_of(text)
    assert found == [
        "maps/shop.yaml:10:19 stages[0].touchpoints[0]: touchpoint 'catalogue' is not defined "
        "in `touchpoints` (hint: did you mean 'catalog'?)",
        "maps/shop.yaml:12:7 stages[0].emotions.maria: persona 'maria' is not defined in "
        "`personas` (hint: did you mean 'marina'?)",
    ]


def test_a_personalization_policy_for_a_stage_the_map_lacks() -> None:
    text = MINIMAL.format(emotion=1) + (
        "personalization:\n  stages:\n    interst:\n      role: interest\n    '':\n"
        "      role: awareness\n"
    )
    assert problems_of(text) == [
        "maps/shop.yaml:18:5 personalization.stages.interst: stage 'interst' is not defined "
        "(hint: did you mean 'interest'?)"
    ]


def test_duplicate_ids() -> None:
    text = MINIMAL.format(emotion=1) + "  - id: catalog\n    name: Again\n"
    (problem,) = problems_of(text)
    assert "duplicate touchpoint id 'catalog'" in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- a\n- b\n", "must be a mapping"),
        ("journeymap: 2\nid: x\ntitle: X\n", "2 is not allowed"),
        ("id: x\n", "'title' is required"),
        ("id: x y\ntitle: X\n", "has the wrong form"),
        ("id: x\ntitle: X\nreviewed: yesterday\n", "is not a date"),
    ],
)
def test_each_kind_of_mistake_has_one_clear_message(text: str, expected: str) -> None:
    found = problems_of(text)
    assert len(found) == 1
    assert expected in found[0]


def test_missing_file_is_a_map_error(tmp_path: Path) -> None:
    with pytest.raises(MapError, match="file not found"):
        load_map(tmp_path / "nope.yaml")


def test_binary_garbage_is_a_map_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    with pytest.raises(MapError) as caught:
        load_map(path)
    assert caught.value.problems[0].file == str(path)


def test_cyrillic_text_is_accepted() -> None:
    text = MINIMAL.format(emotion=-2).replace("Marina", "Марина").replace("Interest", "Интерес")
    journey = parse_map(text).model
    assert journey.persona("marina").name == "Марина"


def test_load_map_parses_an_unchanged_file_once_and_returns_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.model import loader

    path = tmp_path / "shop.yaml"
    path.write_text(MINIMAL.format(emotion=1), encoding="utf-8")
    parsed: list[str] = []
    real = loader.load_document

    def counting(file: str | Path) -> MapDocument:
        parsed.append(str(file))
        return real(file)

    monkeypatch.setattr(loader, "load_document", counting)
    first, second = loader.load_map(path), loader.load_map(path)
    assert len(parsed) == 1
    assert first == second
    assert first is not second
    first.stages[0].name = "Changed in memory"
    assert loader.load_map(path).stages[0].name == "Interest"
    path.write_text(MINIMAL.format(emotion=2), encoding="utf-8")  # same size, same instant
    assert loader.load_map(path).stages[0].emotions["marina"].score == 2
    assert len(parsed) == 2
