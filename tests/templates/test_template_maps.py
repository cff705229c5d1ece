"""Every template map loads, validates, and has the same structure in English and Russian."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from journeymap.model import JourneyMap, MapDocument, load_document, parse_map
from journeymap.templates import LANGUAGES, list_templates

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
MAP_CASES = [(t.name, lang) for t in list_templates() for lang in LANGUAGES]


def _document(name: str, language: str) -> MapDocument:
    info = next(t for t in list_templates() if t.name == name)
    return parse_map(info.map_text(language), filename=f"{name}.{language}.yaml")


@pytest.mark.parametrize(("name", "language"), MAP_CASES)
def test_template_map_loads_without_repairs(name: str, language: str) -> None:
    document = _document(name, language)
    assert document.notes == []  # plain YAML, nothing quoted on the fly
    journey = document.model
    assert journey.language == language
    assert journey.goal
    assert journey.segment
    assert journey.owner
    assert journey.reviewed is not None
    assert journey.personas
    assert journey.stages


def test_template_maps_are_package_data_files() -> None:
    # load_map reads files; the shipped files must be plain files next to the package.
    folder = Path(__file__).resolve().parents[2] / "src" / "journeymap" / "templates" / "maps"
    expected = {f"{name}.{lang}.yaml" for name, lang in MAP_CASES}
    assert {p.name for p in folder.glob("*.yaml")} == expected
    for path in sorted(folder.glob("*.yaml")):
        assert load_document(path).model.id


@pytest.mark.parametrize("name", [t.name for t in list_templates()])
def test_russian_map_is_written_in_russian_and_dumps_readably(name: str) -> None:
    document = _document(name, "ru")
    journey = document.model
    assert CYRILLIC.search(journey.title)
    assert all(CYRILLIC.search(stage.name) for stage in journey.stages)
    assert all(CYRILLIC.search(t.name) for t in journey.touchpoints)
    dumped = document.dump()
    assert "\\u" not in dumped
    assert journey.stages[0].name in dumped
    assert parse_map(dumped).model == journey


@pytest.mark.parametrize("name", [t.name for t in list_templates()])
def test_english_map_has_no_russian_text(name: str) -> None:
    text = next(t for t in list_templates() if t.name == name).map_text("en")
    assert not CYRILLIC.search(text)


def _skeleton(journey: JourneyMap) -> dict[str, Any]:
    """Everything that must not change with the language: ids, numbers, references, bindings."""
    return {
        "id": journey.id,
        "reviewed": journey.reviewed,
        "personas": [(p.id, p.age, p.channels) for p in journey.personas],
        "touchpoints": [
            (t.id, t.kind, t.channel, [b.model_dump() for b in t.bindings])
            for t in journey.touchpoints
        ],
        "stages": [
            {
                "id": s.id,
                "touchpoints": s.touchpoints,
                "emotions": {k: v.score for k, v in s.emotions.items()},
                "lane_sizes": [
                    len(s.customer_goals),
                    len(s.expectations),
                    len(s.fears),
                    len(s.actions),
                    len(s.thoughts),
                    len(s.marketer_tasks),
                    len(s.departments),
                    len(s.frontstage),
                    len(s.backstage),
                    len(s.support_processes),
                    len(s.evidence),
                    len(s.opportunities),
                ],
                "barriers": [
                    (
                        b.id,
                        b.severity,
                        b.touchpoint,
                        [(e.source, e.sample_size) for e in b.evidence],
                        [(x.status, x.priority) for x in b.solutions],
                    )
                    for b in s.barriers
                ],
                "kpis": [(k.id, k.target, k.unit, k.direction, k.measure) for k in s.kpis],
            }
            for s in journey.stages
        ],
    }


@pytest.mark.parametrize("name", [t.name for t in list_templates()])
def test_english_and_russian_maps_differ_only_in_text(name: str) -> None:
    english = _document(name, "en").model
    russian = _document(name, "ru").model
    assert _skeleton(english) == _skeleton(russian)
