"""The `simulation:` block: validation with file:line, reference checks, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model import MapError, load_document
from journeymap.model.simulation import SimulationSettings, duration_seconds
from journeymap.simulate import check_settings
from journeymap.simulate.check import as_map_error
from tests.simulate.helpers import MAPS

BASE = (MAPS / "funnel.yaml").read_text(encoding="utf-8").split("simulation:")[0]


def _document_errors(tmp_path: Path, block: str) -> list[str]:
    file = tmp_path / "map.yaml"
    file.write_text(BASE + block, encoding="utf-8")
    with pytest.raises(MapError) as caught:
        load_document(file)
    return [str(p) for p in caught.value.problems]


def _line_of(block: str, text: str) -> int:
    return (BASE + block).splitlines().index(text) + 1


def test_invalid_values_point_at_file_and_line(tmp_path: Path) -> None:
    block = (
        "simulation:\n"
        "  continue: {visit: 1.5}\n"
        "  dwell:\n"
        "    browse: {median: 2h, p90: 1h}\n"
        "  channels: {web: 0}\n"
        "  bogus: 1\n"
    )
    errors = _document_errors(tmp_path, block)
    file = str(tmp_path / "map.yaml")
    assert any(
        e.startswith(f"{file}:{_line_of(block, '  continue: {visit: 1.5}')}:")
        and "1.5 is above the maximum" in e
        for e in errors
    ), errors
    assert any("p90 (1h) must be longer than median (2h)" in e for e in errors)
    assert any("simulation.channels.web" in e for e in errors)
    assert any("unknown key 'bogus'" in e for e in errors)


def test_probabilities_over_one_are_rejected(tmp_path: Path) -> None:
    errors = _document_errors(
        tmp_path, "simulation:\n  transitions: {browse: {purchase: 0.8, visit: 0.5}}\n"
    )
    assert any("add up to 1.3" in e for e in errors)


def test_bad_duration_is_explained(tmp_path: Path) -> None:
    errors = _document_errors(tmp_path, "simulation:\n  default_dwell: {median: soon, p90: 2d}\n")
    assert any("'soon' is not a duration" in e for e in errors)


def test_unknown_ids_are_located_in_the_file(tmp_path: Path) -> None:
    block = (
        "simulation:\n"
        "  continue: {vist: 0.4}\n"
        "  completion: {purchase: survey}\n"
        "  touchpoints:\n"
        "    nowhere: {probability: 0.5}\n"
    )
    file = tmp_path / "map.yaml"
    file.write_text(BASE + block, encoding="utf-8")
    document = load_document(file)
    problems = as_map_error(check_settings(document.model), document.data, str(file)).problems
    messages = {p.message: p for p in problems}
    vist = messages["stage 'vist' is not defined"]
    assert vist.line == _line_of(block, "  continue: {vist: 0.4}")
    assert vist.hint == "did you mean 'visit'?"
    assert "touchpoint 'survey' is not used by stage 'purchase'" in messages
    assert messages["touchpoint 'nowhere' is not defined"].line == _line_of(
        block, "    nowhere: {probability: 0.5}"
    )


def test_repeat_accepts_one_mapping_or_a_list() -> None:
    one = SimulationSettings.model_validate(
        {"repeat": {"from": "a", "to": "b", "probability": 0.2}}
    )
    many = SimulationSettings.model_validate(
        {"repeat": [{"from": "a", "to": "b", "probability": 0.2}]}
    )
    assert one.repeat == many.repeat


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("2h", 7200), ("3d", 259200), ("1w", 604800), (90, 90)],
)
def test_durations(text: str | int, seconds: float) -> None:
    assert duration_seconds(text) == seconds
