"""Funnel base, formatting and feedback (NPS/CSAT, measured emotions, themes) on the report."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import ibis
import pytest
from openpyxl import load_workbook

from journeymap.analytics.feedback import (
    feedback_from_events,
    feedback_scores,
    link_feedback,
    measured_emotions,
)
from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import parse_map
from journeymap.report.build import build_report
from journeymap.report.formatting import day_text, format_duration, kpi_value, score_text
from journeymap.report.html import render_report_html
from journeymap.report.xlsx import render_report_xlsx
from journeymap.store import Store
from tests.report.test_report_build import MAP

# p5 and p6 enter at the cart: the cart reaches more persons than browse.
PATHS = {
    "p1": ["Product Viewed", "Product Added", "Order Completed"],
    "p2": ["Product Viewed", "Product Added"],
    "p3": ["Product Viewed"],
    "p4": ["Product Viewed", "Product Added"],
    "p5": ["Product Added", "Order Completed"],
    "p6": ["Product Added"],
}
# person -> (kind, score, touchpoint, text) answered after her last event
ANSWERS: dict[str, tuple[str, int, str, str | None]] = {
    "p1": ("csat", 5, "paid", "Great, fast and helpful"),
    "p2": ("csat", 1, "basket", "The delivery price is too expensive"),
    "p4": ("csat", 2, "basket", "Too expensive, the fee doubles the cost"),
    "p5": ("nps", 9, "paid", None),
    "p6": ("csat", 1, "basket", "Terrible price, very expensive fees"),
}


def _row(person: str, k: int, name: str, at: dt.datetime, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "message_id": f"{person}-{k}",
        "type": "track",
        "event": name,
        "anonymous_id": None,
        "user_id": person,
        "person_id": person,
        "timestamp": at,
        "received_at": at,
        "channel": "web",
        "properties": json.dumps(props),
        "context": "{}",
        "traits": "{}",
        "source": "test",
    }


def _events() -> ibis.Table:
    rows = []
    start = dt.datetime(2026, 3, 1, 10, 0, 5, 123456)
    for person, names in PATHS.items():
        at = start
        for k, name in enumerate(names):
            at = start + dt.timedelta(minutes=10 * k)
            rows.append(_row(person, k, name, at, {}))
        if person in ANSWERS:
            kind, score, touchpoint, text = ANSWERS[person]
            props: dict[str, Any] = {"kind": kind, "score": score, "touchpoint": touchpoint}
            if text:
                props["text"] = text
            rows.append(_row(person, 99, "Survey Answered", at + dt.timedelta(minutes=1), props))
    return ibis.memtable(rows, schema=EVENTS_SCHEMA)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(f"duckdb://{tmp_path / 'store.duckdb'}")
    opened.backend.insert("events", _events())
    return opened


def test_funnel_is_based_on_entrants_and_never_above_100_percent(store: Store) -> None:
    data = build_report(store, parse_map(MAP).model)
    funnel = {step.stage: step for step in data.funnel}
    assert [step.persons for step in data.funnel] == [4, 5, 2]
    assert funnel["cart"].share_of_entrants == pytest.approx(5 / 6)
    assert funnel["browse"].conversion_from_previous is None
    assert funnel["cart"].conversion_from_previous == pytest.approx(3 / 4)
    assert funnel["cart"].entered_here == 2
    for step in data.funnel:
        assert step.share_of_entrants is not None
        assert step.share_of_entrants <= 1
        assert step.conversion_from_previous is None or step.conversion_from_previous <= 1
    assert data.as_dict()["funnel"][1]["share_of_entrants"] == pytest.approx(5 / 6)
    html = render_report_html(data)
    assert 'data-entered="6"' in html
    assert "83.3%" in html
    assert "112.5%" not in html
    assert "125.0%" not in html


def test_feedback_numbers_equal_the_feedback_library(store: Store) -> None:
    journey = parse_map(MAP).model
    data = build_report(store, journey)
    assert data.feedback is not None
    assert data.feedback.answers == len(ANSWERS)
    linked = link_feedback(feedback_from_events(store.events()), store.events(), journey)
    expected = [s for s in feedback_scores(linked, by=["stage"]) if s.group["stage"]]
    assert data.feedback.stage_scores == expected
    assert data.feedback.emotions == measured_emotions(linked, journey)
    cart = {s.kind: s for s in data.feedback.headlines("cart")}
    assert cart["csat"].answers == 3
    assert cart["csat"].value == 0.0  # no 4-5 answers at the cart
    as_json = data.as_dict()["feedback"]
    assert as_json["answers"] == len(ANSWERS)
    assert [e["measured"] for e in as_json["emotions"]] == [
        p.measured for p in data.feedback.emotions
    ]
    price = [t for t in data.feedback.themes if t.id == "price"]
    assert price
    assert price[0].touchpoint == "basket"
    assert price[0].size == 3
    suggested = [b for b in data.suggested_barriers if b.source == "feedback"]
    assert suggested == []  # fewer than five answers: no barrier from feedback yet
    html = render_report_html(data)
    assert 'data-kind="csat"' in html
    assert 'data-row="feedback"' in html
    assert 'class="emotion-line measured"' in html
    assert 'stroke-dasharray="7 5"' in html
    assert "Survey Answered" not in html.split('class="jm-drift"')[1]


def test_feedback_sheet_in_xlsx(store: Store) -> None:
    data = build_report(store, parse_map(MAP).model)
    book = load_workbook(io.BytesIO(render_report_xlsx(data)))
    sheet = book["Feedback"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    cart = next(v for v in values if v[0] == "cart" and v[1] == "csat")
    assert cart[2] == 0.0
    assert cart[5] == 3


def test_report_without_survey_events_says_so(tmp_path: Path) -> None:
    opened = Store.open(f"duckdb://{tmp_path / 'store.duckdb'}")
    events = _events()
    opened.backend.insert("events", events.filter(events.event != "Survey Answered"))
    data = build_report(opened, parse_map(MAP).model)
    assert data.feedback is None
    assert any("Survey Answered" in note for note in data.notes)


def test_dates_percentages_and_durations_read_as_people_read_them() -> None:
    assert day_text("2025-11-23T01:05:39.053000") == "2025-11-23"
    assert kpi_value(0.549, "share", None, 0.5) == "54.9%"
    assert kpi_value(0.549, None, None, 0.5, "ru") == "54,9\xa0%"  # "25 %" in Russian
    assert kpi_value(2.949, "days", None, 4) == "2.9 d"
    assert kpi_value(2.949, "days", None, 4, "ru") == "2,9 дн."
    assert kpi_value(12, "lessons", None, 10) == "12 lessons"
    assert format_duration(7200) == "2.0 h"
    assert format_duration(30, "ru") == "30 с"
    assert score_text("nps", 12.4) == "+12"
    assert score_text("csat", 0.724) == "72%"
    assert score_text("ces", 5.36) == "5.4"


def test_report_page_shows_dates_in_utc(store: Store) -> None:
    html = render_report_html(build_report(store, parse_map(MAP).model))
    assert "2026-03-01 … 2026-03-01 <small>(UTC)</small>" in html
    visible = re.sub(r"<[^>]+>", "", html)
    assert ".123456" not in visible
