"""Negative themes become suggested barriers with quotes as evidence."""

from __future__ import annotations

from journeymap.analytics.feedback.barriers import suggest_barriers
from journeymap.analytics.feedback.intervals import mean_interval, nps_interval
from journeymap.analytics.feedback.scores import ScoreSummary
from journeymap.analytics.feedback.text_groups import feedback_themes
from journeymap.i18n import use_language
from journeymap.model.barrier import Barrier
from tests.analytics.feedback.journeys import shop

LATE = [
    "Courier was late again, terrible",
    "Delivery delayed by two days, awful",
    "Late delivery, very disappointed",
    "The parcel was delayed, horrible service",
    "Late and no updates, worst",
]


def rows(texts: list[str], touchpoint: str, score: float | None = None) -> list[dict[str, object]]:
    return [{"text": t, "touchpoint": touchpoint, "stage": None, "score": score} for t in texts]


def nps_summary(touchpoint: str, promoters: int, detractors: int, n: int) -> ScoreSummary:
    return ScoreSummary(
        {"touchpoint": touchpoint},
        "nps",
        n,
        promoters,
        detractors,
        mean_interval(n, 5.0 * n, 25.0 * n),
        nps=nps_interval(promoters, detractors, n),
    )


def test_negative_theme_becomes_a_suggested_barrier_on_its_stage() -> None:
    feedback = rows(LATE, "courier") + rows(["Rude courier, awful"], "courier")
    feedback += rows(["Catalog photos are terrible"] * 2, "catalog", score=2.0)
    themes = feedback_themes(feedback)
    scores = [nps_summary("courier", 1, 8, 10)]
    suggested = suggest_barriers(scores, themes, shop())
    assert len(suggested) == 1  # the other themes have fewer than 5 answers
    stage_id, barrier = suggested[0]
    assert stage_id == "delivery"
    assert isinstance(barrier, Barrier)
    assert barrier.suggested
    assert barrier.touchpoint == "courier"
    assert barrier.id == "feedback-courier-delay"
    assert barrier.text == "Delays and waiting: 5 negative answers (83%) at Courier"
    assert barrier.severity == "critical"  # share >= 40% and NPS below 0
    evidence = barrier.evidence[0]
    assert (evidence.source, evidence.sample_size) == ("support", 5)
    assert evidence.note is not None
    assert evidence.note.count("“") == 3
    assert any(quote in evidence.note for quote in LATE)


def test_thresholds_and_existing_barriers() -> None:
    themes = feedback_themes(rows(LATE, "courier"))
    assert suggest_barriers([], themes, shop(), min_answers=6) == []
    ((_, barrier),) = suggest_barriers([nps_summary("courier", 9, 1, 10)], themes, shop())
    assert barrier.severity == "high"  # good NPS: no extra step
    journey = shop()
    journey.stages[2].barriers.append(barrier)
    assert suggest_barriers([], themes, journey) == []


def test_a_suggested_barrier_is_worded_in_the_maps_language_whatever_the_run_speaks() -> None:
    themes = feedback_themes(rows(LATE, "courier") + rows(LATE[:1], "courier"))
    russian = shop().model_copy(update={"language": "ru"})
    with use_language("en"):
        [(_, barrier)] = suggest_barriers([], themes, russian)
    assert barrier.text.endswith(": 6 негативных ответов (100\xa0%) в точке Courier")
    with use_language("ru"):
        [(_, barrier)] = suggest_barriers([], themes, shop(), min_answers=1)
    assert barrier.text.endswith(": 6 negative answers (100%) at Courier")
