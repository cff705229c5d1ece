"""Reading feedback files: column mapping, validation, rejected rows with reasons."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from journeymap.analytics.feedback.ingest import FeedbackFileError, read_feedback
from journeymap.analytics.feedback.mapping import FeedbackMapping
from journeymap.analytics.feedback.schema import FEEDBACK_COLUMNS

CSV = """respondent;answered;scale;value;comment;tp
p1;2025-03-01T10:00:00+03:00;nps;9;Всё отлично;cart
p2;2025-03-01T11:00:00Z;CSAT;2;Slow delivery;delivery
p3;2025-03-02T09:00:00;nps;11;;cart
;2025-03-02T09:00:00;nps;5;;cart
p5;yesterday;nps;5;;cart
p6;2025-03-02T09:00:00;stars;4,5;;
p7;2025-03-02T09:00:00;;;just a comment;
p8;2025-03-02T09:00:00;nps;7.5;;cart
p9;2025-03-02T09:00:00;mood;3;;cart
p10;2025-03-02T09:00:00;ces;;;cart
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_mapping_keeps_valid_rows_and_explains_rejected(tmp_path: Path) -> None:
    mapping = FeedbackMapping(
        person_id="respondent",
        timestamp="answered",
        kind="scale",
        score="value",
        text="comment",
        touchpoint="tp",
    )
    batch = read_feedback(write(tmp_path, "survey.csv", CSV), mapping)
    rows = batch.table.to_pylist()
    assert batch.table.schema.names == list(FEEDBACK_COLUMNS)
    assert [r["person_id"] for r in rows] == ["p1", "p2", "p6", "p7"]
    first = rows[0]
    assert first["timestamp"] == dt.datetime(2025, 3, 1, 7, 0)  # converted to UTC
    assert (first["kind"], first["score"], first["touchpoint"]) == ("nps", 9.0, "cart")
    assert first["language"] == "ru"
    assert first["feedback_id"] == "survey.csv:1"
    assert (rows[1]["kind"], rows[1]["language"]) == ("csat", "en")
    assert (rows[2]["kind"], rows[2]["score"]) == ("rating", 4.5)
    assert (rows[3]["kind"], rows[3]["score"]) == ("text", None)
    reasons = {r.row: r.reason for r in batch.rejected}
    assert reasons == {
        3: "nps score 11 outside 0..10",
        4: "no person id",
        5: "timestamp 'yesterday' is not a date and time (ISO 8601, 07.11.2026 10:15, "
        "11/07/2026 10:15 or epoch seconds)",
        8: "nps score 7.5 is not a whole number",
        9: "unknown kind 'mood' (use nps, csat, ces, rating or text)",
        10: "ces answer without score",
    }
    assert len(rows) + len(batch.rejected) == 10


def test_jsonl_with_usual_names_and_defaults(tmp_path: Path) -> None:
    lines = [
        {"user_id": "u1", "timestamp": "2025-01-01T00:00:00Z", "score": 10},
        {"user_id": "u2", "timestamp": "2025-01-01T00:00:00Z", "score": 3, "comment": "meh"},
        "not an object",
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\n{broken\n"
    batch = read_feedback(
        write(tmp_path, "nps.jsonl", text),
        FeedbackMapping(defaults={"kind": "nps", "touchpoint": "support"}),
    )
    assert [(r["person_id"], r["kind"], r["touchpoint"]) for r in batch.table.to_pylist()] == [
        ("u1", "nps", "support"),
        ("u2", "nps", "support"),
    ]
    assert [(r.row, r.reason.split(":")[0]) for r in batch.rejected] == [
        (3, "not a JSON object"),
        (4, "not JSON"),
    ]
    assert batch.to_ibis().count().execute() == 2


def test_file_level_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(FeedbackFileError, match="does not exist"):
        read_feedback(tmp_path / "missing.csv")
    with pytest.raises(FeedbackFileError, match="no column for person_id"):
        read_feedback(write(tmp_path, "a.csv", "foo,bar\n1,2\n"))
    with pytest.raises(FeedbackFileError, match="column 'who'"):
        read_feedback(
            write(tmp_path, "b.csv", "person_id,timestamp\n"), FeedbackMapping(person_id="who")
        )
    with pytest.raises(FeedbackFileError, match="unknown feedback format"):
        read_feedback(write(tmp_path, "c.xml", "x"))
    with pytest.raises(FeedbackFileError, match="XLSX"):
        read_feedback(write(tmp_path, "d.xlsx", "not a workbook"))
