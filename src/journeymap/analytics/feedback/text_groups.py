"""Text analysis over a feedback table: sentiment per group and themes per touchpoint.

The text work runs in Python on the texts only (`feedback_texts` executes a narrow selection on
the engine), so it works the same over DuckDB and PySpark stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis.expr.types as ir

from journeymap.analytics.feedback.intervals import Interval, mean_interval
from journeymap.analytics.feedback.learned import analyze_texts, learn_from_answers
from journeymap.analytics.feedback.sentiment import analyze
from journeymap.analytics.feedback.theme_dictionary import ThemeDictionary
from journeymap.analytics.feedback.themes import FeedbackText, Theme, find_themes

_TEXT_COLUMNS = (
    "feedback_id",
    "touchpoint",
    "stage",
    "segment",
    "language",
    "kind",
    "score",
    "text",
)


def feedback_texts(feedback: ir.Table) -> list[dict[str, Any]]:
    """The answers that have text, with their grouping columns, as plain dicts."""
    with_text = feedback.filter(feedback.text.notnull() & (feedback.text.strip() != ""))
    rows: list[dict[str, Any]] = with_text.select(*_TEXT_COLUMNS).to_pyarrow().to_pylist()
    return rows


@dataclass(frozen=True)
class SentimentSummary:
    group: dict[str, Any]
    texts: int
    negative: int
    positive: int
    mean: Interval
    """Mean sentiment score (-1..1) with a t interval."""

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.group,
            "texts": self.texts,
            "negative": self.negative,
            "positive": self.positive,
            "sentiment": self.mean.value,
            "sentiment_low": self.mean.low,
            "sentiment_high": self.mean.high,
        }


def sentiment_by(
    rows: Sequence[dict[str, Any]], by: Sequence[str] = ("touchpoint",)
) -> list[SentimentSummary]:
    """Sentiment of texts (from `feedback_texts`) per group of `by` columns; learned from the
    scored answers among them when there are enough (`feedback.learned`)."""
    groups: dict[tuple[Any, ...], list[float]] = {}
    labels: dict[tuple[Any, ...], list[str]] = {}
    sentiments = analyze_texts(
        [row["text"] for row in rows],
        [row.get("language") for row in rows],
        learn_from_answers(rows),
    )
    for row, result in zip(rows, sentiments, strict=True):
        key = tuple(row.get(k) for k in by)
        groups.setdefault(key, []).append(result.score)
        labels.setdefault(key, []).append(result.label)
    out = []
    for key, scores in groups.items():
        mean = mean_interval(len(scores), sum(scores), sum(s * s for s in scores))
        out.append(
            SentimentSummary(
                dict(zip(by, key, strict=True)),
                len(scores),
                labels[key].count("negative"),
                labels[key].count("positive"),
                mean,
            )
        )
    return sorted(out, key=lambda s: [(v is None, str(v)) for v in s.group.values()])


def feedback_themes(
    feedback: ir.Table | Sequence[dict[str, Any]],
    *,
    by_touchpoint: bool = True,
    language: str | None = None,
    negative_only: bool = True,
    quotes: int = 3,
    min_size: int = 1,
    dictionary: ThemeDictionary | None = None,
    method: str = "auto",
    clusters: int | None = None,
) -> list[Theme]:
    """Themes of the feedback texts, per touchpoint (and its stage) unless `by_touchpoint=False`.

    `language` keeps only texts in that language (`ru`, `en`; detected when the row has none).
    `method` (`auto`, `dictionary`, `clusters`) and `clusters` as in `find_themes`: with `auto`
    a touchpoint whose texts the dictionary mostly cannot place gets themes found by clustering.
    """
    rows = feedback_texts(feedback) if isinstance(feedback, ir.Table) else list(feedback)
    model = learn_from_answers(rows)
    groups: dict[tuple[Any, Any], list[FeedbackText]] = {}
    for row in rows:
        item = FeedbackText(row["text"], row.get("language"), scored=row.get("score") is not None)
        if language and analyze(item.text, item.language).language != language:
            continue
        key = (row.get("touchpoint"), row.get("stage")) if by_touchpoint else (None, None)
        groups.setdefault(key, []).append(item)
    themes: list[Theme] = []
    for (touchpoint, stage), items in groups.items():
        for theme in find_themes(
            items,
            language=language,
            negative_only=negative_only,
            quotes=quotes,
            dictionary=dictionary,
            min_size=min_size,
            model=model,
            method=method,
            clusters=clusters,
        ):
            themes.append(_placed(theme, touchpoint, stage))
    return sorted(themes, key=lambda t: (str(t.touchpoint), t.id == "other", -t.size, t.id))


def _placed(theme: Theme, touchpoint: str | None, stage: str | None) -> Theme:
    values = dict(theme.__dict__)
    values.update(touchpoint=touchpoint, stage=stage)
    return Theme(**values)
