"""Readers for the public feedback corpora used to measure sentiment and theme quality.

The files are not shipped with journeymap; point `JOURNEYMAP_DATA` (default `../shared/data`)
at a folder holding them (see each data set's PROVENANCE.md for source and licence):

- `twitter-airline-sentiment/TwitterUSAirlineSentiment.csv`: 14,640 English tweets to six US
  airlines with a 3-class sentiment and, for negative ones, a reason code.
- `sentiruval-2015-restaurants/SentiRuEval_rest_markup_{train,test}.xml`: Russian restaurant
  reviews with food / interior / service scores (1-10) and aspect-sentiment markup.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from journeymap.analytics.feedback.schema import FEEDBACK_SCHEMA

AIRLINE_FILE = ("twitter-airline-sentiment", "TwitterUSAirlineSentiment.csv")
SENTIRUVAL_DIR = "sentiruval-2015-restaurants"


def data_root() -> Path:
    return Path(os.environ.get("JOURNEYMAP_DATA", "../shared/data"))


@dataclass(frozen=True)
class AirlineTweet:
    tweet_id: str
    sentiment: str
    confidence: float
    reason: str | None
    airline: str
    text: str
    created: str
    """As written, e.g. `2015-02-24 11:35:52 -0800`."""
    user: str


def read_airline_tweets(path: Path | None = None) -> list[AirlineTweet]:
    path = path or data_root().joinpath(*AIRLINE_FILE)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            AirlineTweet(
                tweet_id=row["tweet_id"],
                sentiment=row["airline_sentiment"],
                confidence=float(row["airline_sentiment_confidence"] or 0),
                reason=row["negativereason"] or None,
                airline=row["airline"],
                text=row["text"],
                created=row["tweet_created"],
                user=row["name"],
            )
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class AspectMention:
    category: str
    """Food, Service, Interior, Price or Whole."""
    sentiment: str
    """positive, negative, neutral or both."""
    term: str
    start: int
    end: int


@dataclass(frozen=True)
class RestaurantReview:
    review_id: str
    restaurant: str
    scores: dict[str, int]
    """food, interior, service on 1..10."""
    text: str
    aspects: list[AspectMention]


def read_sentiruval(part: str = "test", path: Path | None = None) -> list[RestaurantReview]:
    """`part` is `train` or `test`."""
    path = path or data_root() / SENTIRUVAL_DIR / f"SentiRuEval_rest_markup_{part}.xml"
    root = ET.parse(path).getroot()  # noqa: S314 - a local research file, see above
    reviews = []
    for review in root.iter("review"):
        scores_node = review.find("scores")
        scores = {
            child.tag: int(child.text or 0)
            for child in (scores_node if scores_node is not None else [])
            if (child.text or "").strip().isdigit()
        }
        aspects = [
            AspectMention(
                category=node.get("category", ""),
                sentiment=node.get("sentiment", ""),
                term=node.get("term", ""),
                start=int(node.get("from", "0")),
                end=int(node.get("to", "0")),
            )
            for node in review.iter("aspect")
        ]
        reviews.append(
            RestaurantReview(
                review_id=review.get("id", ""),
                restaurant=review.findtext("meta/object", ""),
                scores=scores,
                text=review.findtext("text", ""),
                aspects=aspects,
            )
        )
    return reviews


def airline_feedback(tweets: list[AirlineTweet], *, min_confidence: float = 0.5) -> pa.Table:
    """The tweets as NPS-like feedback: one answer per tweet, touchpoint = airline.

    A confident positive tweet (label confidence >= `min_confidence`) is a promoter (10), a
    confident negative one a detractor (0), every other tweet a passive (8); so the NPS-like
    score is % confident positive - % confident negative. The text is kept for themes.
    """
    rows = []
    for tweet in tweets:
        confident = tweet.confidence >= min_confidence
        score = 8.0
        if confident and tweet.sentiment == "positive":
            score = 10.0
        elif confident and tweet.sentiment == "negative":
            score = 0.0
        created = dt.datetime.strptime(tweet.created, "%Y-%m-%d %H:%M:%S %z")
        rows.append(
            {
                "feedback_id": tweet.tweet_id,
                "person_id": tweet.user,
                "timestamp": created.astimezone(dt.UTC).replace(tzinfo=None),
                "kind": "nps",
                "score": score,
                "text": tweet.text,
                "touchpoint": _slug(tweet.airline),
                "stage": None,
                "segment": None,
                "language": "en",
                "source": "twitter-airline-sentiment",
            }
        )
    return pa.Table.from_pylist(rows, schema=FEEDBACK_SCHEMA.to_pyarrow())


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
