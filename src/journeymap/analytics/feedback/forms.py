"""Survey form exports (Google Forms, Yandex Forms) read without a mapping file.

A form export has one row per respondent and one column per question, headed by the question's
text. `recognise_form(header, rows)` places the columns by their headers, in Russian and English:

- the time: `Отметка времени` / `Timestamp` (Google Forms), `Время создания` / `Created`
  (Yandex Forms), `Дата` / `Date`, ...;
- the respondent: `Адрес электронной почты` / `Email Address`, `Логин`, `User ID`, ...; the
  answer id: `ID` (Yandex Forms), `Response ID`;
- score questions by their wording: "would you recommend" / "порекомендуете" is NPS (0-10),
  "satisfied" / "удовлетворены" / "довольны" is CSAT (1-5), "easy" / "легко" / "effort" / "усилий"
  is CES (1-7), "rate" / "оцените" / "stars" / "звёзд" is a rating (1-5); a column qualifies only
  when most of its answers are numbers;
- free-text questions ("why", "comment", "what could we improve", "почему", "комментарий",
  "что улучшить", ...) or, failing the wording, columns of long, varied non-numeric answers.

Each recognised score column becomes one answer per row (`kind` from the question); the row's
free text goes with its first score answer (NPS, then CSAT, CES, rating), or becomes a text
answer when the row has no score. Columns it cannot place are listed in `unplaced`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from journeymap.analytics.feedback.schema import SCALES

KIND_ORDER: Final = ("nps", "csat", "ces", "rating")
"""Score kinds in the order a row's free text is attached to them."""

_TIME: Final = re.compile(
    r"^(отметка времени|timestamp|время создания|дата создания|время ответа|время отправки"
    r"|дата и время|дата|время|created|created at|date|submitted|submitted at|submit date"
    r"|end date|дата заполнения|время заполнения)$"
)
_PERSON: Final = re.compile(
    r"^(адрес электронной почты|электронная почта|e-?mail( address)?|почта|логин|login"
    r"|user ?id|id пользователя|respondent( id)?|респондент|client ?id|id клиента|телефон|phone)$"
)
_ANSWER_ID: Final = re.compile(r"^(id|id ответа|response ?id|№|номер ответа|answer ?id)$")
_SCORE_WORDS: Final = (
    ("nps", re.compile(r"порекоменд|рекомендовал|recommend")),
    ("ces", re.compile(r"легк|просто|усили|easy|effort")),
    ("csat", re.compile(r"удовлетвор|доволь|satisf")),
    ("rating", re.compile(r"оцените|оценка|звезд|rate|rating|stars|score")),
)
_TEXT_WORDS: Final = re.compile(
    r"почему|коммент|улучш|пожелан|отзыв|расскаж|опишите|предложен|что (вам )?не понрав"
    r"|что понрав|why|comment|improve|feedback|suggest|tell us|describe|anything else|reason"
)
_GOOGLE_TIME: Final = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})(?: ?(AM|PM|ДП|ПП))?"
    r" GMT([+-])(\d{1,2})(?::?(\d{2}))?$",
    re.IGNORECASE,
)
_NUMBER: Final = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_LONG_TEXT: Final = 15


@dataclass(frozen=True)
class FormLayout:
    """Where a form export keeps each field (column names), and what it could not place."""

    timestamp: str | None = None
    person: str | None = None
    answer_id: str | None = None
    scores: dict[str, str] = field(default_factory=dict)
    """Score column -> kind (`nps`, `csat`, `ces`, `rating`), in answer order."""
    texts: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)

    @property
    def is_form(self) -> bool:
        """At least one question column was recognised."""
        return bool(self.scores or self.texts)


def recognise_form(header: Sequence[str], rows: Sequence[dict[str, object]]) -> FormLayout:
    """The layout of a form export from its header and (a sample of) its rows."""
    timestamp = person = answer_id = None
    scores: dict[str, str] = {}
    texts: list[str] = []
    unplaced: list[str] = []
    for column in header:
        key = _normal(column)
        values = [str(row.get(column) or "").strip() for row in rows]
        values = [v for v in values if v]
        if timestamp is None and _TIME.match(key):
            timestamp = column
        elif person is None and _PERSON.match(key):
            person = column
        elif answer_id is None and _ANSWER_ID.match(key):
            answer_id = column
        elif (kind := _score_kind(key, values)) is not None:
            scores[column] = kind
        elif _is_text(key, values):
            texts.append(column)
        else:
            unplaced.append(column)
    ordered = dict(sorted(scores.items(), key=lambda item: KIND_ORDER.index(item[1])))
    return FormLayout(timestamp, person, answer_id, ordered, texts, unplaced)


def _normal(header: str) -> str:
    text = header.strip().lower().replace("ё", "е")
    return " ".join(text.rstrip(":?*").split())


def _score_kind(key: str, values: list[str]) -> str | None:
    numbers = [float(v.replace(",", ".")) for v in values if _NUMBER.match(v)]
    if not values or len(numbers) < 0.8 * len(values):
        return None
    for kind, words in _SCORE_WORDS:
        if words.search(key):
            low, high = SCALES[kind]
            # "Оцените от 0 до 10" is no 1-5 rating: left for the user to place
            return kind if low <= min(numbers) and max(numbers) <= high else None
    return None


def _is_text(key: str, values: list[str]) -> bool:
    if _TEXT_WORDS.search(key):
        return True
    # Long and varied: a choice question ("Через поиск в интернете") repeats its options.
    words = [v for v in values if not _NUMBER.match(v)]
    if not words or len(set(words)) < 0.8 * len(words):
        return False
    return sum(len(v) for v in words) / len(words) >= _LONG_TEXT


def form_time(text: str | None) -> str | None:
    """Google Forms' own CSV time (`2026/11/07 2:05:09 PM GMT+3`) as ISO 8601 with its offset;
    any other text unchanged (the `ingest` rules read it)."""
    match = _GOOGLE_TIME.match(text.strip()) if text else None
    if match is None:
        return text
    year, month, day, hour, minute, second, half, sign, zone_h, zone_m = match.groups()
    hours = int(hour)
    if half:  # 12 AM is midnight, 12 PM noon
        hours = hours % 12 + (12 if half.upper() in ("PM", "ПП") else 0)
    offset = f"{sign}{int(zone_h):02d}:{zone_m or '00'}"
    return f"{year}-{int(month):02d}-{int(day):02d}T{hours:02d}:{minute}:{second}{offset}"
