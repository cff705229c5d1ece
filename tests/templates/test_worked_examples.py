"""The three worked examples have real substance: what a CX team would want to copy."""

from __future__ import annotations

import datetime as dt

import pytest

from journeymap.lint import lint_document
from journeymap.model import JourneyMap, MapDocument, parse_map
from journeymap.templates import LANGUAGES, list_templates

EXAMPLES = [t.name for t in list_templates() if t.kind == "example"]
CASES = [(name, lang) for name in EXAMPLES for lang in LANGUAGES]
SEGMENT_EVENTS = {
    "Product Viewed",
    "Product Added",
    "Checkout Started",
    "Order Completed",
    "Email Opened",
}


def _document(name: str, language: str) -> MapDocument:
    info = next(t for t in list_templates() if t.name == name)
    return parse_map(info.map_text(language), filename=f"{name}.{language}.yaml")


def _journey(name: str, language: str) -> JourneyMap:
    return _document(name, language).model


def test_there_are_three_worked_examples() -> None:
    assert EXAMPLES == ["seed-shop", "language-school", "travel"]


@pytest.mark.parametrize(("name", "language"), CASES)
def test_personas_are_concrete(name: str, language: str) -> None:
    journey = _journey(name, language)
    assert len(journey.personas) >= 2
    for persona in journey.personas:
        assert isinstance(persona.age, int)
        assert persona.occupation
        assert persona.context
        assert persona.goals
        assert persona.fears
        assert persona.quote
        assert persona.channels
        assert persona.evidence


@pytest.mark.parametrize(("name", "language"), CASES)
def test_every_stage_is_filled_in(name: str, language: str) -> None:
    journey = _journey(name, language)
    persona_ids = {p.id for p in journey.personas}
    assert len(journey.stages) >= 6
    for stage in journey.stages:
        assert stage.touchpoints, stage.id
        assert stage.actions, stage.id
        assert stage.customer_goals, stage.id
        assert stage.expectations, stage.id
        assert stage.fears, stage.id
        assert stage.thoughts, stage.id
        assert stage.marketer_tasks, stage.id
        assert stage.departments, stage.id
        assert stage.frontstage, stage.id
        assert stage.backstage, stage.id
        assert stage.support_processes, stage.id
        assert set(stage.emotions) == persona_ids, stage.id
        assert all(e.label for e in stage.emotions.values()), stage.id
        assert stage.kpis, stage.id


@pytest.mark.parametrize(("name", "language"), CASES)
def test_barriers_have_evidence_and_owned_solutions(name: str, language: str) -> None:
    journey = _journey(name, language)
    barriers = [barrier for _, barrier in journey.barriers()]
    assert len(barriers) >= 6
    for barrier in barriers:
        assert barrier.evidence, barrier.id
        assert not all(e.is_assumption for e in barrier.evidence), barrier.id
        assert barrier.solutions, barrier.id
        for solution in barrier.solutions:
            assert solution.owner, barrier.id
            assert solution.priority is not None, barrier.id


@pytest.mark.parametrize(("name", "language"), CASES)
def test_kpis_have_targets_and_measures(name: str, language: str) -> None:
    journey = _journey(name, language)
    touchpoint_ids = {t.id for t in journey.touchpoints}
    for stage in journey.stages:
        for kpi in stage.kpis:
            assert kpi.target is not None, kpi.id
            assert kpi.measure, kpi.id
            if kpi.measure.startswith("conversion("):
                inner = kpi.measure.removeprefix("conversion(").removesuffix(")")
                assert set(inner.split(" -> ")) <= touchpoint_ids, kpi.measure


@pytest.mark.parametrize(("name", "language"), CASES)
def test_touchpoints_are_online_and_offline_and_bound_to_events(name: str, language: str) -> None:
    journey = _journey(name, language)
    assert {t.kind for t in journey.touchpoints} == {"online", "offline"}
    assert all(t.bindings and t.department for t in journey.touchpoints)
    used = {t for stage in journey.stages for t in stage.touchpoints}
    assert used == {t.id for t in journey.touchpoints}
    events = {b.event for t in journey.touchpoints for b in t.bindings if b.event}
    assert len(events & SEGMENT_EVENTS) >= 3


@pytest.mark.parametrize(("name", "language"), CASES)
def test_worked_example_passes_the_linter_cleanly(name: str, language: str) -> None:
    document = _document(name, language)
    assert document.model.reviewed is not None
    # Counted from the review date, so the test does not age with the calendar.
    report = lint_document(document, today=document.model.reviewed + dt.timedelta(days=30))
    assert report.errors == 0, [str(f) for f in report.findings]
    assert report.warnings == 0, [str(f) for f in report.findings]
    assert report.evidence_coverage is not None
    assert report.evidence_coverage.ratio == 1.0


@pytest.mark.parametrize("name", [t.name for t in list_templates() if t.kind == "skeleton"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_skeleton_has_no_lint_errors(name: str, language: str) -> None:
    document = _document(name, language)
    assert document.model.reviewed is not None
    report = lint_document(document, today=document.model.reviewed)
    assert report.errors == 0, [str(f) for f in report.findings]
