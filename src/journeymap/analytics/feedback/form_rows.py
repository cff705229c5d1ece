"""A form export's rows (one per respondent) as answers (one per score question).

`form_columns` turns a `FormLayout` into the reader's field -> column map; `expand_form_row`
turns a row into records carrying the answer's kind, score, text and id under `FORM_PREFIX`
keys, which that map points at. Columns the user mapped (`--person`, `--text`, ...) win over
the recognised ones.
"""

from __future__ import annotations

from typing import Any, Final

from journeymap.analytics.feedback.forms import FormLayout
from journeymap.analytics.feedback.mapping import FeedbackMapping
from journeymap.analytics.feedback.schema import TEXT_KIND
from journeymap.i18n import gettext as _

FORM_PREFIX: Final = "__form_"
KIND: Final = FORM_PREFIX + "kind"
SCORE: Final = FORM_PREFIX + "score"
TEXT: Final = FORM_PREFIX + "text"
ANSWER_ID: Final = FORM_PREFIX + "id"
PERSON: Final = FORM_PREFIX + "person"
NO_ANSWER: Final = FORM_PREFIX + "no_answer"


def form_columns(
    resolved: dict[str, str], layout: FormLayout, mapping: FeedbackMapping
) -> tuple[dict[str, str], list[str]]:
    """The field -> column map for the expanded rows, and notes on what was assumed or left out."""
    columns = dict(resolved)
    notes: list[str] = []
    for name, column in (("timestamp", layout.timestamp), ("person_id", layout.person)):
        if getattr(mapping, name) is None and column is not None:
            columns[name] = column
    columns["kind"], columns["score"], columns["feedback_id"] = KIND, SCORE, ANSWER_ID
    if mapping.text is None:
        columns["text"] = TEXT
    if "person_id" not in columns:
        columns["person_id"] = PERSON
        notes.append(_("no respondent column: each row counts as its own respondent (--person)"))
    used = set(columns.values())
    for column in layout.unplaced:
        if column not in used:
            notes.append(
                _(
                    "column {column} was not recognised and is left out; set it with --segment, "
                    "--touchpoint, --stage or --text, or --score with --default-kind",
                    column=repr(column),
                )
            )
    return columns, notes


def expand_form_row(
    record: dict[str, Any], layout: FormLayout, row_id: str
) -> list[dict[str, Any]]:
    """One record per answered score question; the free text goes with the first of them."""
    base = str(record.get(layout.answer_id) or "").strip() if layout.answer_id else ""
    base = base or row_id
    texts = [str(record.get(c) or "").strip() for c in layout.texts]
    text = "\n".join(t for t in texts if t) or None
    shared = {**record, PERSON: row_id}
    answers: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for column, kind in layout.scores.items():
        seen[kind] = seen.get(kind, 0) + 1  # a second CSAT question gets its own id
        score = str(record.get(column) or "").strip()
        if not score:
            continue
        suffix = kind if seen[kind] == 1 else f"{kind}{seen[kind]}"
        answers.append(
            {
                **shared,
                KIND: kind,
                SCORE: score,
                TEXT: None if answers else text,
                ANSWER_ID: f"{base}:{suffix}",
            }
        )
    if answers:
        return answers
    if text:
        return [{**shared, KIND: TEXT_KIND, SCORE: None, TEXT: text, ANSWER_ID: base}]
    return [{**shared, NO_ANSWER: True}]
