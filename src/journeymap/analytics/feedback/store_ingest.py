"""Storing feedback files: answers become `Survey Answered` events in the store.

Keeping feedback as events means one store, one ingestion path (dedupe, quarantine, identity
stitching) and one reader (`feedback_from_events`). Rows the feedback reader rejects are returned
with their reasons and are not written.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.analytics.feedback.ingest import RejectedRow, read_feedback
from journeymap.analytics.feedback.mapping import FeedbackMapping
from journeymap.analytics.feedback.schema import SURVEY_EVENT
from journeymap.events.ingest import ingest_file
from journeymap.events.options import IngestOptions
from journeymap.events.results import ImportResult
from journeymap.store import Store

_PROPERTIES = ("kind", "score", "text", "touchpoint", "stage", "segment", "language")


@dataclass
class FeedbackImport:
    file: str
    answers: int
    rejected: list[RejectedRow] = field(default_factory=list)
    result: ImportResult | None = None
    """The event import of the valid answers (None when there were none)."""
    notes: list[str] = field(default_factory=list)
    """What the reader assumed or left out (see `FeedbackBatch.notes`)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "answers": self.answers,
            "rejected": [{"row": r.row, "reason": r.reason, "raw": r.raw} for r in self.rejected],
            "import": self.result.as_dict() if self.result else None,
            "notes": self.notes,
        }


def survey_events(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Feedback rows as Segment `track` calls named `Survey Answered`."""
    events = []
    for row in rows:
        properties = {k: row[k] for k in _PROPERTIES if row.get(k) is not None}
        events.append(
            {
                "type": "track",
                "event": SURVEY_EVENT,
                "messageId": f"feedback:{row['feedback_id']}",
                "userId": row["person_id"],
                "timestamp": row["timestamp"].isoformat() + "Z",
                "channel": "survey",
                "properties": properties,
            }
        )
    return events


def ingest_feedback(
    store: Store,
    path: str | Path,
    mapping: FeedbackMapping | None = None,
    *,
    timezone: str = "UTC",
) -> FeedbackImport:
    """Read a feedback file (zone-less times in `timezone`) and store its valid answers as
    events."""
    batch = read_feedback(path, mapping, timezone=timezone)
    rows = batch.table.to_pylist()
    outcome = FeedbackImport(str(path), len(rows), batch.rejected, notes=batch.notes)
    if not rows:
        return outcome
    with tempfile.TemporaryDirectory(prefix="journeymap-feedback-") as folder:
        staged = Path(folder) / f"{Path(path).stem}.jsonl"
        with staged.open("w", encoding="utf-8") as handle:
            for event in survey_events(rows):
                handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        options = IngestOptions(format="jsonl", source=Path(path).name)
        outcome.result = ingest_file(store, staged, options)
        outcome.result.file = str(path)  # the staged copy is gone after this block
    return outcome
