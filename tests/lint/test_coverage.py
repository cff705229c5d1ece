"""Evidence coverage counts personas, stage content, emotion curves and barriers."""

from __future__ import annotations

from typing import Any

import pytest

from journeymap.lint.coverage import EvidenceCoverage, evidence_coverage
from journeymap.model import JourneyMap


def _map(**parts: Any) -> JourneyMap:
    return JourneyMap.model_validate({"id": "m", "title": "M", **parts})


def test_empty_map_claims_nothing() -> None:
    coverage = evidence_coverage(_map())
    assert coverage.total == 0
    assert coverage.ratio is None
    assert coverage.assumption_share is None


def test_claims_are_counted_by_kind_and_status() -> None:
    journey = _map(
        personas=[
            {"id": "a", "name": "Anna", "evidence": ["interview"]},
            {"id": "b", "name": "Boris", "evidence": ["assumption"]},
        ],
        stages=[
            {
                "id": "s1",
                "name": "One",
                "actions": ["looks"],
                "emotions": {"a": 1},
                # analytics back the stage's content but not how people feel
                "evidence": ["analytics"],
                "barriers": [
                    {"id": "x", "text": "X", "evidence": ["assumption", "support"]},
                    {"id": "y", "text": "Y"},
                ],
            },
            {"id": "s2", "name": "Empty stage"},
        ],
    )
    coverage = evidence_coverage(journey)
    status = {c.path: c.status for c in coverage.claims}
    assert status == {
        "personas[0]": "backed",
        "personas[1]": "assumption",
        "stages[0]": "backed",
        "stages[0].emotions": "unsupported",
        "stages[0].barriers[0]": "backed",
        "stages[0].barriers[1]": "unsupported",
    }
    assert coverage.ratio == pytest.approx(3 / 6)
    assert coverage.assumption_share == pytest.approx(1 / 6)
    assert coverage.as_dict()["not_backed"] == [
        "personas[1]",
        "stages[0].emotions",
        "stages[0].barriers[1]",
    ]


def test_interviews_back_emotions() -> None:
    journey = _map(
        personas=[{"id": "a", "name": "Anna", "evidence": ["survey"]}],
        stages=[{"id": "s", "name": "S", "emotions": {"a": -1}, "evidence": ["interview"]}],
    )
    assert evidence_coverage(journey).ratio == 1.0


def test_coverages_add_up() -> None:
    one = evidence_coverage(_map(personas=[{"id": "a", "name": "A", "evidence": ["survey"]}]))
    two = evidence_coverage(_map(personas=[{"id": "b", "name": "B"}]))
    total = EvidenceCoverage() + one + two
    assert (total.total, total.backed, total.unsupported) == (2, 1, 1)
