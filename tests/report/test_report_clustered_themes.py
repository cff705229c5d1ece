"""The report's feedback section clusters the texts of a domain the dictionary does not know."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import ibis

from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model import parse_map
from journeymap.report.build import build_report
from journeymap.report.html import render_report_html
from journeymap.store import Store
from tests.analytics.feedback.test_discovery import TEXTS
from tests.report.test_report_build import MAP


def _answer(n: int, text: str) -> dict[str, object]:
    at = dt.datetime(2026, 3, 1, 10) + dt.timedelta(minutes=n)
    person = f"c{n}"
    return {
        "message_id": f"survey-{n}",
        "type": "track",
        "event": "Survey Answered",
        "anonymous_id": None,
        "user_id": person,
        "person_id": person,
        "timestamp": at,
        "received_at": at,
        "channel": "survey",
        "properties": json.dumps({"kind": "text", "text": text, "touchpoint": "basket"}),
        "context": "{}",
        "traits": "{}",
        "source": "test",
    }


def test_report_themes_are_clustered_and_marked(tmp_path: Path) -> None:
    store = Store.open(f"duckdb://{tmp_path / 'store.duckdb'}")
    rows = [_answer(n, text) for n, text in enumerate(TEXTS)]
    store.backend.insert("events", ibis.memtable(rows, schema=EVENTS_SCHEMA))
    data = build_report(store, parse_map(MAP).model)
    assert data.feedback is not None
    themes = [t for t in data.feedback.themes if t.id != "other"]
    assert themes
    assert {t.method for t in themes} == {"clusters"}
    html = render_report_html(data)
    assert (
        'data-l10n="found_in_texts" data-en="found in the texts" data-ru="найдена в текстах"'
        in html
    )
    assert f'data-theme="{themes[0].id}"' in html
