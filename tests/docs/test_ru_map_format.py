"""docs/ru/map-format.md stays true: its complete example map loads (as `journeymap validate`
reads it) and lints clean, and the Russian words it uses are read as the model's values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from journeymap.lint import lint_document
from journeymap.model import parse_map

PAGE = Path(__file__).resolve().parents[2] / "docs" / "ru" / "map-format.md"


def _example() -> str:
    text = PAGE.read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    [example] = [b for b in blocks if b.startswith("journeymap: 1")]
    return example


def test_the_complete_example_validates_and_lints_clean() -> None:
    document = parse_map(_example(), "map-format.md")
    assert document.notes == []
    journey = document.model
    reviewed = journey.reviewed
    assert reviewed is not None
    report = lint_document(document, today=reviewed + dt.timedelta(days=10))
    assert [f.code for f in report.findings] == []


def test_the_example_shows_what_the_page_explains() -> None:
    journey = parse_map(_example(), "map-format.md").model
    assert len(journey.personas) == 2
    assert len(journey.stages) == 3
    measures = [k.measure or "" for s in journey.stages for k in s.kpis]
    for function in ("conversion(", "romi(", "cac(", "drr(", "median_time("):
        assert any(m.startswith(function) for m in measures), function
    barrier = journey.stages[1].barriers[0]
    assert barrier.severity == "critical"
    assert barrier.solutions[0].status == "in-progress"
    assert barrier.solutions[0].chain == "cart-reminder"
    assert journey.touchpoints[-1].kind == "offline"
    assert journey.touchpoints[-1].bindings[0].channel == "offline"
    policy = journey.personalization
    assert policy is not None
    assert set(policy.stages) <= {s.id for s in journey.stages}
    assert policy.stages["checkout"].role == "cart"
