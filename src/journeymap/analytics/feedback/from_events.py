"""Feedback from Segment `track` events named `Survey Answered` already in the events table.

Properties read: `score`, `kind` (or `scale`: nps, csat, ces, rating; aliases such as `stars`
accepted), `text`, `touchpoint`, `stage`, `segment` (falls back to `traits.segment`) and
`language` (falls back to the first two letters of `context.locale`). An event with text and no
score is a `text` answer.

No row is dropped silently: `survey_answers` tags every survey event with a `reason` (NULL when it
is a valid answer); `feedback_from_events` keeps the valid ones and `rejected_survey_events` lists
the others with their reason.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from journeymap.analytics.feedback.schema import (
    FEEDBACK_COLUMNS,
    KIND_ALIASES,
    SCALES,
    SURVEY_EVENT,
    TEXT_KIND,
)
from journeymap.analytics.jsonpath import json_text

_NULL_STRING = ibis.null().cast("string")


def survey_answers(events: ir.Table, *, event_name: str = SURVEY_EVENT) -> ir.Table:
    """Every survey event in the feedback columns plus `reason` (NULL = valid)."""
    survey = events.filter((events.type == "track") & (events.event == event_name))
    props = survey.properties
    extracted = _separately(
        survey.select(
            feedback_id=survey.message_id,
            person_id=survey.person_id.coalesce(survey.user_id, survey.anonymous_id),
            timestamp=survey.timestamp,
            raw_kind=json_text(props, "kind").coalesce(json_text(props, "scale")).lower().strip(),
            score_text=json_text(props, "score"),
            text=json_text(props, "text").strip().nullif(""),
            touchpoint=json_text(props, "touchpoint").nullif(""),
            stage=json_text(props, "stage").nullif(""),
            segment=json_text(props, "segment").coalesce(json_text(survey.traits, "segment")),
            language=json_text(props, "language")
            .coalesce(json_text(survey.context, "locale").substr(0, 2))
            .lower(),
            source=survey.source,
        )
    )
    raw_kind = extracted.raw_kind
    alias_cases = [(raw_kind == alias, kind) for alias, kind in KIND_ALIASES.items()]
    kind = ibis.cases(
        (raw_kind.notnull(), ibis.cases(*alias_cases, else_=raw_kind)),
        (extracted.score_text.isnull() & extracted.text.notnull(), ibis.literal(TEXT_KIND)),
        else_=_NULL_STRING,
    )
    tagged = _separately(
        extracted.mutate(kind=kind, score=extracted.score_text.try_cast("float64")).drop("raw_kind")
    )
    return tagged.mutate(reason=_reason(tagged)).drop("score_text")


def feedback_from_events(events: ir.Table, *, event_name: str = SURVEY_EVENT) -> ir.Table:
    """The valid survey answers as a feedback table (see `journeymap.analytics.feedback.schema`)."""
    answers = survey_answers(events, event_name=event_name)
    return answers.filter(answers.reason.isnull()).select(*FEEDBACK_COLUMNS)


def rejected_survey_events(events: ir.Table, *, event_name: str = SURVEY_EVENT) -> ir.Table:
    """Survey events that are no valid answers, with `feedback_id` (message id) and `reason`."""
    answers = survey_answers(events, event_name=event_name)
    return answers.filter(answers.reason.notnull())


def _separately(table: ir.Table) -> ir.Table:
    """`table` as its own SELECT, not inlined into the next one.

    Ibis merges consecutive projections by inlining expressions; the JSON extraction expressions
    are large and used many times by the validation below, and inlining them makes Spark's
    generated code exceed the JVM's 64 KB method limit. An impure column blocks the merge.
    """
    return table.mutate(_unmerged=ibis.random()).drop("_unmerged")


def _reason(t: ir.Table) -> ir.StringValue:
    kind, score = t.kind, t.score
    out_of_range = [
        (
            (kind == name) & ((score < low) | (score > high)),
            ibis.literal(f"{name} score outside {low:g}..{high:g}"),
        )
        for name, (low, high) in SCALES.items()
    ]
    known = kind.isin([*SCALES, TEXT_KIND])
    reason: ir.StringValue = ibis.cases(
        (t.person_id.isnull(), ibis.literal("no person id")),
        (t.timestamp.isnull(), ibis.literal("no timestamp")),
        (
            kind.isnull(),
            ibis.literal("a score without kind (set properties.kind: nps|csat|ces|rating)"),
        ),
        (~known, ibis.literal("unknown kind (use nps, csat, ces, rating or text)")),
        (
            (kind == "nps") & score.notnull() & (score != score.round(0)),
            ibis.literal("nps score is not a whole number"),
        ),
        (
            (kind != TEXT_KIND) & t.score_text.notnull() & score.isnull(),
            ibis.literal("score is not a number"),
        ),
        ((kind != TEXT_KIND) & score.isnull(), ibis.literal("no score")),
        ((kind == TEXT_KIND) & t.text.isnull(), ibis.literal("text answer without text")),
        *out_of_range,
        else_=_NULL_STRING,
    )
    return reason
