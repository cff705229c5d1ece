"""Feedback: survey answers and texts, scores with intervals, sentiment, themes, emotions.

One module per concept: `schema` (the feedback columns), `ingest` (CSV/JSONL files),
`from_events` (`Survey Answered` events), `link` (touchpoint and stage of each answer),
`scores` and `intervals` (NPS, CSAT, CES, ratings), `sentiment` and `lexicon` (rule-based
Russian/English sentiment), `themes` and `theme_dictionary` (what negative feedback is about),
`barriers` (themes as suggested barriers), `emotions` (measured vs designed emotion), `evaluate`
(quality on public corpora). See docs/feedback.md.
"""

from journeymap.analytics.feedback.barriers import suggest_barriers
from journeymap.analytics.feedback.emotions import EmotionPoint, measured_emotions
from journeymap.analytics.feedback.from_events import (
    feedback_from_events,
    rejected_survey_events,
    survey_answers,
)
from journeymap.analytics.feedback.ingest import (
    FeedbackBatch,
    FeedbackFileError,
    RejectedRow,
    read_feedback,
)
from journeymap.analytics.feedback.intervals import Interval
from journeymap.analytics.feedback.link import fill_stages, link_feedback
from journeymap.analytics.feedback.mapping import FeedbackMapping
from journeymap.analytics.feedback.schema import FEEDBACK_COLUMNS, FEEDBACK_SCHEMA, SURVEY_EVENT
from journeymap.analytics.feedback.scores import ScoreSummary, feedback_scores, score_aggregates
from journeymap.analytics.feedback.sentiment import Sentiment, analyze
from journeymap.analytics.feedback.text_groups import (
    SentimentSummary,
    feedback_texts,
    feedback_themes,
    sentiment_by,
)
from journeymap.analytics.feedback.theme_dictionary import ThemeDictionary
from journeymap.analytics.feedback.themes import Theme, find_themes

__all__ = [
    "FEEDBACK_COLUMNS",
    "FEEDBACK_SCHEMA",
    "SURVEY_EVENT",
    "EmotionPoint",
    "FeedbackBatch",
    "FeedbackFileError",
    "FeedbackMapping",
    "Interval",
    "RejectedRow",
    "ScoreSummary",
    "Sentiment",
    "SentimentSummary",
    "Theme",
    "ThemeDictionary",
    "analyze",
    "feedback_from_events",
    "feedback_scores",
    "feedback_texts",
    "feedback_themes",
    "fill_stages",
    "find_themes",
    "link_feedback",
    "measured_emotions",
    "read_feedback",
    "rejected_survey_events",
    "score_aggregates",
    "sentiment_by",
    "suggest_barriers",
    "survey_answers",
]
