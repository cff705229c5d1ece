"""The feedback table: one row per survey answer or feedback text.

Columns (the same on every engine):

| column | type | meaning |
|---|---|---|
| `feedback_id` | string | unique id of the answer (the event's `message_id`, or `FILE:ROW`) |
| `person_id` | string | who answered |
| `timestamp` | timestamp | when, naive UTC like the events table |
| `kind` | string | `nps` (0-10), `csat` (1-5), `ces` (1-7, 7 = easy), `rating` (1-5), `text` |
| `score` | float64 | the answer on its kind's scale; NULL for `text` |
| `text` | string | free text (a comment, a support message); may be NULL |
| `touchpoint` | string | touchpoint id of the map, given or linked from the person's events |
| `stage` | string | stage id of the map, given or derived from the touchpoint |
| `segment` | string | customer segment or persona id |
| `language` | string | `ru`, `en`, ... ; NULL means "detect from the text" |
| `source` | string | the file or event source it came from |
"""

from __future__ import annotations

from typing import Final

import ibis
import ibis.expr.schema as sch

FEEDBACK_SCHEMA: Final[sch.Schema] = ibis.schema(
    {
        "feedback_id": "string",
        "person_id": "string",
        "timestamp": "timestamp",
        "kind": "string",
        "score": "float64",
        "text": "string",
        "touchpoint": "string",
        "stage": "string",
        "segment": "string",
        "language": "string",
        "source": "string",
    }
)
FEEDBACK_COLUMNS: Final = tuple(FEEDBACK_SCHEMA.names)

SCALES: Final[dict[str, tuple[float, float]]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "rating": (1, 5),
}
"""The valid range of `score` for each scored kind."""

TEXT_KIND: Final = "text"
KINDS: Final = (*SCALES, TEXT_KIND)

KIND_ALIASES: Final[dict[str, str]] = {
    "star": "rating",
    "stars": "rating",
    "stars5": "rating",
    "review": "rating",
    "effort": "ces",
    "satisfaction": "csat",
    "comment": "text",
    "feedback": "text",
}
"""Other names people use for the kinds, accepted on ingest (lower case)."""

SURVEY_EVENT: Final = "Survey Answered"
"""The Segment `track` event name that carries a survey answer."""


def normalize_kind(value: str | None) -> str | None:
    """The canonical kind for `value` (`Stars` -> `rating`), or None when it is no known kind."""
    if value is None:
        return None
    key = value.strip().lower()
    key = KIND_ALIASES.get(key, key)
    return key if key in KINDS else None
