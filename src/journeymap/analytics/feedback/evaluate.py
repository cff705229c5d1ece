"""Measure sentiment and theme quality on the public corpora against simple baselines.

    python -m journeymap.analytics.feedback.evaluate [--data DIR] [--split test|dev|all] [--json]

English: twitter-airline-sentiment (3-class sentiment; themes against the negative-reason codes).
Russian: sentiruval-2015-restaurants (review and aspect scores; aspect-mention sentiment; aspect
detection per sentence). The lexicons were written looking only at the `dev` part (tweet ids with an
even CRC-32; the SentiRuEval train file); `test` (odd CRC-32; the SentiRuEval test file) is what the
docs report. See docs/feedback.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from scipy import stats

from journeymap.analytics.feedback import baselines
from journeymap.analytics.feedback.corpora import (
    AirlineTweet,
    RestaurantReview,
    data_root,
    read_airline_tweets,
    read_sentiruval,
)
from journeymap.analytics.feedback.learned import LearnedSentiment, sentiment_pipeline
from journeymap.analytics.feedback.metrics import (
    accuracy,
    adjusted_rand_index,
    macro_f1,
    precision_recall_f1,
    purity,
)
from journeymap.analytics.feedback.sentiment import analyze
from journeymap.analytics.feedback.theme_dictionary import ThemeDictionary

THEME_REASONS: Final[dict[str, str]] = {
    "delay": "Late Flight",
    "cancellation": "Cancelled Flight",
    "luggage": "Luggage",
    "support": "Customer Service Issue",
    "staff": "Flight Attendant Complaints",
    "booking": "Flight Booking Problems",
    "queue": "longlines",
    "comfort": "Bad Flight",
    "food": "Bad Flight",
}
"""Our themes -> the reason codes of twitter-airline-sentiment (both luggage codes merged)."""

ASPECT_THEMES: Final[dict[str, tuple[str, ...]]] = {
    "Food": ("food",),
    "Interior": ("interior", "comfort"),
    "Service": ("staff", "support", "delay"),
    "Price": ("price",),
}
"""SentiRuEval aspect categories -> our themes."""

SCORED_ASPECTS: Final = {"food": "Food", "interior": "Interior", "service": "Service"}
_SENTENCE = re.compile(r"[^.!?…\n]+[.!?…]*")


def tweets_split(tweets: Sequence[AirlineTweet], split: str) -> list[AirlineTweet]:
    if split == "all":
        return list(tweets)
    # Tweet ids are Snowflake ids whose low bits are not uniform, hence the hash.
    parity = 0 if split == "dev" else 1
    return [t for t in tweets if zlib.crc32(t.tweet_id.encode()) % 2 == parity]


def english_sentiment(
    tweets: Sequence[AirlineTweet], training: Training | None = None
) -> dict[str, Any]:
    gold = [t.sentiment for t in tweets]
    majority = baselines.majority_label(gold)
    texts = [t.text for t in tweets]
    systems: dict[str, list[str]] = {
        "majority class": [str(majority)] * len(gold),
        "tiny word list": [baselines.tiny_word_label(t.text, "en") for t in tweets],
        "journeymap lexicon": [analyze(t.text, "en").label for t in tweets],
    }
    if training is not None:
        systems |= _learned_systems(texts, "en", training)
    return {
        "texts": len(gold),
        "systems": {
            name: {"accuracy": accuracy(gold, p), "macro_f1": macro_f1(gold, p)}
            for name, p in systems.items()
        },
    }


def english_themes(tweets: Sequence[AirlineTweet]) -> dict[str, Any]:
    """Themes of negative tweets with a known reason, against the reason codes."""
    themes = ThemeDictionary.default()
    negative = [
        t for t in tweets if t.sentiment == "negative" and t.reason not in (None, "Can't Tell")
    ]
    gold = [merged_reason(t.reason) for t in negative]
    ours = [themes.primary(t.text, "en") or "other" for t in negative]
    predicted = [THEME_REASONS.get(theme, "none") for theme in ours]
    word_baseline = [baselines.reason_by_words(t.text) or "none" for t in negative]
    majority = str(baselines.majority_label(gold))
    per_reason = {}
    for reason in sorted(set(gold)):
        p, r, f = precision_recall_f1(gold, predicted, reason)
        bf = precision_recall_f1(gold, word_baseline, reason)[2]
        per_reason[reason] = {
            "answers": gold.count(reason),
            "precision": p,
            "recall": r,
            "f1": f,
            "baseline_f1": bf,
        }
    return {
        "texts": len(negative),
        "coverage": sum(theme != "other" for theme in ours) / len(ours),
        "systems": {
            "one cluster (majority reason)": _cluster_scores(gold, [majority] * len(gold)),
            "reason words": _cluster_scores(gold, word_baseline),
            "journeymap themes": _cluster_scores(gold, ours),
        },
        "per_reason": per_reason,
    }


def russian_sentiment(
    reviews: Sequence[RestaurantReview], training: Training | None = None
) -> dict[str, Any]:
    """Review and aspect scores (Spearman) and aspect-mention polarity (accuracy)."""
    themes = ThemeDictionary.default()
    overall = [sum(r.scores.values()) / len(r.scores) for r in reviews if r.scores]
    scored = [r for r in reviews if r.scores]
    correlations = {
        "review (mean of 3 scores)": {
            "journeymap lexicon": _spearman([analyze(r.text, "ru").score for r in scored], overall),
            "tiny word list": _spearman(
                [baselines.tiny_word_score(r.text, "ru") for r in scored], overall
            ),
            "reviews": len(scored),
        }
    }
    for key, aspect in SCORED_ASPECTS.items():
        ours, tiny, gold = [], [], []
        for review in scored:
            sentences = [
                s for _, _, s in sentence_spans(review.text) if _mentions(themes, s, aspect)
            ]
            if sentences and key in review.scores:
                joined = " ".join(sentences)
                ours.append(analyze(joined, "ru").score)
                tiny.append(baselines.tiny_word_score(joined, "ru"))
                gold.append(review.scores[key])
        correlations[f"{key} score"] = {
            "journeymap lexicon": _spearman(ours, gold),
            "tiny word list": _spearman(tiny, gold),
            "reviews": len(gold),
        }
    return {"correlations": correlations, "mentions": _mention_polarity(reviews, training)}


def russian_aspects(reviews: Sequence[RestaurantReview]) -> dict[str, Any]:
    """Per sentence: is it about food / interior / service / price (vs the markup)?"""
    themes = ThemeDictionary.default()
    out: dict[str, Any] = {}
    for aspect in ASPECT_THEMES:
        gold: list[bool] = []
        ours: list[bool] = []
        names: list[bool] = []
        for review in reviews:
            for start, end, sentence in sentence_spans(review.text):
                gold.append(
                    any(a.category == aspect and start <= a.start < end for a in review.aspects)
                )
                ours.append(_mentions(themes, sentence, aspect))
                names.append(baselines.names_aspect(sentence, aspect))
        p, r, f = precision_recall_f1(gold, ours, True)
        _, _, bf = precision_recall_f1(gold, names, True)
        out[aspect] = {
            "sentences": len(gold),
            "with_aspect": sum(gold),
            "precision": p,
            "recall": r,
            "f1": f,
            "baseline_f1": bf,
        }
    return out


@dataclass(frozen=True)
class Training:
    """What the learned systems may learn from: the set's own labelled dev part (the texts a
    workspace would have scored) and the other language's set (the cross-domain baseline)."""

    own: tuple[list[str], list[str]]
    other: tuple[list[str], list[str]]


def _learned_systems(texts: list[str], language: str, training: Training) -> dict[str, list[str]]:
    """The TF-IDF + logistic regression baseline trained on the other set, and ours learned from
    the set's own dev texts, alone and blended with the lexicon (`feedback.learned`)."""
    cross = sentiment_pipeline().fit(*training.other)
    own = LearnedSentiment.fit(*training.own)
    assert own is not None, "the dev part has enough labelled texts"
    return {
        "TF-IDF + LR trained on the other set": [str(x) for x in cross.predict(texts)],
        "learned from own scored texts": own.labels(texts),
        "journeymap lexicon + learned": [
            s.label for s in own.analyze_all(texts, [language] * len(texts))
        ],
    }


def evaluate(root: Path, split: str = "test") -> dict[str, Any]:
    all_tweets = read_airline_tweets(root.joinpath(*_airline_parts()))
    tweets = tweets_split(all_tweets, split)
    parts = {"dev": ["train"], "test": ["test"], "all": ["train", "test"]}[split]
    reviews = [r for part in parts for r in read_sentiruval(part, _sentiruval(root, part))]
    english: Training | None = None
    russian: Training | None = None
    if split == "test":  # learned systems only where their training part is not the test
        dev_tweets = tweets_split(all_tweets, "dev")
        tweet_texts = ([t.text for t in dev_tweets], [t.sentiment for t in dev_tweets])
        mentions = mention_sentences(read_sentiruval("train", _sentiruval(root, "train")))
        english = Training(own=tweet_texts, other=mentions)
        russian = Training(own=mentions, other=tweet_texts)
    return {
        "split": split,
        "english_sentiment": english_sentiment(tweets, english),
        "english_themes": english_themes(tweets),
        "russian_sentiment": russian_sentiment(reviews, russian),
        "russian_aspects": russian_aspects(reviews),
    }


def mention_sentences(reviews: Sequence[RestaurantReview]) -> tuple[list[str], list[str]]:
    """The sentence around each positive or negative aspect mention, and its polarity."""
    sentences: list[str] = []
    gold: list[str] = []
    for review in reviews:
        spans = sentence_spans(review.text)
        for mention in review.aspects:
            if mention.sentiment not in ("positive", "negative"):
                continue
            sentences.append(next((s for a, b, s in spans if a <= mention.start < b), mention.term))
            gold.append(mention.sentiment)
    return sentences, gold


def _mention_polarity(
    reviews: Sequence[RestaurantReview], training: Training | None = None
) -> dict[str, Any]:
    sentences, gold = mention_sentences(reviews)
    majority = str(baselines.majority_label(gold))
    systems = {
        "majority class": [majority] * len(gold),
        "tiny word list": [baselines.tiny_word_label(s, "ru") for s in sentences],
        "journeymap lexicon": [analyze(s, "ru").label for s in sentences],
    }
    if training is not None:
        systems |= _learned_systems(sentences, "ru", training)
    return {
        "mentions": len(gold),
        "systems": {
            name: {"accuracy": accuracy(gold, p), "macro_f1": macro_f1(gold, p)}
            for name, p in systems.items()
        },
    }


def _mentions(themes: ThemeDictionary, sentence: str, aspect: str) -> bool:
    hits = themes.match(sentence, "ru")
    return any(hits.get(theme, 0) for theme in ASPECT_THEMES[aspect])


def sentence_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def merged_reason(reason: str | None) -> str:
    return "Luggage" if reason in ("Lost Luggage", "Damaged Luggage") else str(reason)


def _cluster_scores(gold: list[str], clusters: list[str]) -> dict[str, float]:
    return {"purity": purity(clusters, gold), "adjusted_rand": adjusted_rand_index(clusters, gold)}


def _spearman(x: Sequence[float], y: Sequence[float]) -> float:
    return float(stats.spearmanr(x, y).statistic)


def _airline_parts() -> tuple[str, str]:
    return ("twitter-airline-sentiment", "TwitterUSAirlineSentiment.csv")


def _sentiruval(root: Path, part: str) -> Path:
    return root / "sentiruval-2015-restaurants" / f"SentiRuEval_rest_markup_{part}.xml"


def to_markdown(result: dict[str, Any]) -> str:
    """The figures as the Markdown tables of docs/feedback.md."""
    lines = [f"Split: `{result['split']}`", ""]
    lines += _system_table(
        f"English sentiment ({result['english_sentiment']['texts']} tweets)",
        result["english_sentiment"]["systems"],
        ("accuracy", "macro_f1"),
    )
    themes = result["english_themes"]
    lines += _system_table(
        f"English themes vs reason codes ({themes['texts']} negative tweets, "
        f"coverage {themes['coverage']:.1%})",
        themes["systems"],
        ("purity", "adjusted_rand"),
    )
    lines += [
        "| reason | tweets | precision | recall | F1 | baseline F1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for reason, row in themes["per_reason"].items():
        lines.append(
            f"| {reason} | {row['answers']} | {row['precision']:.3f} | {row['recall']:.3f} "
            f"| {row['f1']:.3f} | {row['baseline_f1']:.3f} |"
        )
    lines += [
        "",
        "| Russian correlation (Spearman) | reviews | journeymap | tiny word list |",
        "|---|---:|---:|---:|",
    ]
    for name, row in result["russian_sentiment"]["correlations"].items():
        lines.append(
            f"| {name} | {row['reviews']} | {row['journeymap lexicon']:.3f} "
            f"| {row['tiny word list']:.3f} |"
        )
    lines.append("")
    mentions = result["russian_sentiment"]["mentions"]
    lines += _system_table(
        f"Russian aspect-mention polarity ({mentions['mentions']} mentions)",
        mentions["systems"],
        ("accuracy", "macro_f1"),
    )
    lines += [
        "| aspect | sentences | with aspect | precision | recall | F1 | aspect-name F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for aspect, row in result["russian_aspects"].items():
        lines.append(
            f"| {aspect} | {row['sentences']} | {row['with_aspect']} | {row['precision']:.3f} "
            f"| {row['recall']:.3f} | {row['f1']:.3f} | {row['baseline_f1']:.3f} |"
        )
    return "\n".join(lines) + "\n"


def _system_table(
    title: str, systems: dict[str, dict[str, float]], columns: tuple[str, ...]
) -> list[str]:
    lines = [
        f"**{title}**",
        "",
        "| system | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for name, row in systems.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |")
    return [*lines, ""]


def main(argv: Sequence[str] | None = None, write: Callable[[str], Any] = sys.stdout.write) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=None, help="data root (JOURNEYMAP_DATA)")
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    result = evaluate(args.data or data_root(), args.split)
    write(json.dumps(result, indent=2) + "\n" if args.json else to_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
