"""KPI trends: names, formatted values, run dates, and only runs that differ (issue 14)."""

from __future__ import annotations

from pathlib import Path

from journeymap.analytics.kpi import KPIResult
from journeymap.model import load_map
from journeymap.model.solution import Solution
from journeymap.render import render_html
from journeymap.render.measure_text import measure_sentence, priority_formula
from journeymap.report.snapshots import design_digest, load_trends, save_snapshot
from journeymap.report.trend_table import trend_table

RUSSIAN = Path(__file__).resolve().parents[1] / "render" / "maps" / "language_school_ru.yaml"


def _kpi(value: float) -> KPIResult:
    return KPIResult(
        "dokhodyat", "urok", "Доходят до конца урока", "conversion(zoom -> finish)",
        value, None, 0.25, "increase", "met", 100,
    )  # fmt: skip


def test_identical_runs_collapse_and_values_are_formatted(tmp_path: Path) -> None:
    journey = load_map(RUSSIAN)
    design = design_digest(journey)
    for hour, value in ((9, 0.5488), (10, 0.5488), (11, 0.5488), (12, 0.61)):
        at = f"2026-12-07T{hour:02d}:15:00"
        save_snapshot(tmp_path, journey.id, at, [_kpi(value)], None, design=design)
    changed = journey.model_copy(update={"title": "Другая карта"})
    save_snapshot(
        tmp_path, journey.id, "2026-12-07T13:15:00", [_kpi(0.61)], None,
        design=design_digest(changed),
    )  # fmt: skip
    trends = load_trends(tmp_path, None)
    assert [p["at"][11:13] for p in trends["dokhodyat"]] == ["09", "12", "13"]
    table = trend_table(trends, {}, "ru")
    assert table.run_labels == ("07.12.2026 09:15", "07.12.2026 12:15", "07.12.2026 13:15")
    (row,) = table.rows
    assert row.name == "Доходят до конца урока"
    assert row.cells[0].replace("\xa0", "").replace(" ", "") == "54,9%"
    english = trend_table(trends, {"dokhodyat": "Finish the lesson"}, "en")
    assert english.rows[0].name == "Finish the lesson"
    assert english.rows[0].cells[1] == "61.0%"
    assert english.run_labels[0] == "2026-12-07 09:15"


def test_measure_is_a_sentence_and_priority_has_its_formula() -> None:
    journey = load_map(RUSSIAN)
    stage_ids = [s.id for s in journey.stages]
    text = measure_sentence(f"conversion({stage_ids[0]} -> {stage_ids[2]})", journey)
    assert text == f"Конверсия из «{journey.stages[0].name}» в «{journey.stages[2].name}»"
    assert measure_sentence("rate(stage:urok)", journey) == "Доля людей с «Пробный урок»"
    assert measure_sentence("no measure", journey) == "no measure"
    html = render_html(journey)
    assert 'title="conversion(zoom -&gt; finish)"' in html
    assert "Метрика</span>:</span> Конверсия из «Онлайн-урок» в «finish»" in html
    solution = Solution(text="Тест уровня", customer_value=80, business_value=80, effort=2)
    assert priority_formula(solution, "ru") == (
        "(ценность для клиента 80 + ценность для бизнеса 80) / 2 / (трудозатраты 2 + 1) = 26.7"
    )
