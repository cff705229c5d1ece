"""Which columns of a feedback file hold which feedback field."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Final

from journeymap.i18n import gettext as _

FIELD_NAMES: Final = (
    "person_id",
    "timestamp",
    "kind",
    "score",
    "text",
    "touchpoint",
    "stage",
    "segment",
    "language",
    "feedback_id",
)

_USUAL_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "person_id": ("person_id", "user_id", "userId", "customer_id", "respondent_id", "email"),
    "timestamp": ("timestamp", "time", "date", "created_at", "answered_at", "submitted_at"),
    "kind": ("kind", "scale", "type", "survey", "question_type"),
    "score": ("score", "rating", "answer", "value", "stars", "nps", "csat", "ces"),
    "text": ("text", "comment", "feedback", "message", "review", "body"),
    "touchpoint": ("touchpoint", "touchpoint_id"),
    "stage": ("stage", "stage_id"),
    "segment": ("segment", "persona"),
    "language": ("language", "lang", "locale"),
    "feedback_id": ("feedback_id", "id", "response_id", "message_id"),
}


@dataclass(frozen=True)
class FeedbackMapping:
    """Column names per feedback field; None means "find it by the usual names"."""

    person_id: str | None = None
    timestamp: str | None = None
    kind: str | None = None
    score: str | None = None
    text: str | None = None
    touchpoint: str | None = None
    stage: str | None = None
    segment: str | None = None
    language: str | None = None
    feedback_id: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    """Values for fields the file does not have, e.g. `{"kind": "nps", "touchpoint": "cart"}`."""

    def resolve(self, columns: list[str]) -> dict[str, str]:
        """Field -> column present in the file; raises ValueError for a missing mapped column."""
        lower = {c.lower(): c for c in columns}
        resolved: dict[str, str] = {}
        for item in fields(self):
            if item.name == "defaults":
                continue
            given = getattr(self, item.name)
            if given is not None:
                if given not in columns:
                    raise ValueError(
                        _(
                            "column {given!r} (for {name}) is not in the file; columns: {columns}",
                            given=given,
                            name=item.name,
                            columns=", ".join(columns),
                        )
                    )
                resolved[item.name] = given
                continue
            for name in _USUAL_NAMES[item.name]:
                if name.lower() in lower and lower[name.lower()] not in resolved.values():
                    resolved[item.name] = lower[name.lower()]
                    break
        return resolved
