"""Measure clustered themes against the sets' own labels, with the theme dictionary as baseline.

    python -m journeymap.analytics.feedback.evaluate_themes [--data DIR] [--split test|dev] [--json]

- English: the negative tweets of twitter-airline-sentiment with a known reason (both luggage
  codes merged, "Can't Tell" left out), against the reason codes;
- Russian: the SentiRuEval-2015 restaurant sentences that mention exactly one of Food, Interior,
  Service, Price, against that category;
- a domain the dictionary was not written for: MovieLens (latest-small) users' tags of each
  movie with exactly one genre, joined into one text per movie, against the genre (all movies;
  no split: nothing was tuned on it).

Systems: one cluster; the theme dictionary (`ThemeDictionary.primary`, unplaced texts in one
`other` group); clustered themes (`discover_themes`) with the default number of themes and with
as many themes as the set has labels; and what `method="auto"` picks for the set (the
dictionary when it places at least half of the texts, else the clustered themes). Measures:
purity, adjusted Rand index, normalised mutual information (arithmetic mean, scikit-learn),
coverage (share of texts placed in a named theme) and NPMI coherence of each group's 5 most
frequent stems over the set's texts. The method choices (NMF over k-means, leaving strong
sentiment words out) were made on `dev`; `test` is what the docs report.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import combinations
from math import log
from pathlib import Path
from typing import Any

from journeymap.analytics.feedback.corpora import data_root, read_airline_tweets, read_sentiruval
from journeymap.analytics.feedback.discovery import discover_themes, document_stems
from journeymap.analytics.feedback.evaluate import merged_reason, sentence_spans, tweets_split
from journeymap.analytics.feedback.metrics import adjusted_rand_index, purity
from journeymap.analytics.feedback.theme_dictionary import ThemeDictionary
from journeymap.analytics.feedback.themes import MIN_COVERAGE

ASPECTS = ("Food", "Interior", "Service", "Price")
_TOP_STEMS = 5


def airline_set(split: str, root: Path | None = None) -> tuple[list[str], list[str]]:
    """Negative tweets with a known reason, and the reason."""
    path = (root or data_root()) / "twitter-airline-sentiment" / "TwitterUSAirlineSentiment.csv"
    tweets = tweets_split(read_airline_tweets(path), split)
    chosen = [
        t for t in tweets if t.sentiment == "negative" and t.reason not in (None, "Can't Tell")
    ]
    return [t.text for t in chosen], [merged_reason(t.reason) for t in chosen]


def restaurant_set(split: str, root: Path | None = None) -> tuple[list[str], list[str]]:
    """Sentences with exactly one aspect category of `ASPECTS`, and the category."""
    part = "train" if split == "dev" else "test"
    folder = (root or data_root()) / "sentiruval-2015-restaurants"
    texts: list[str] = []
    labels: list[str] = []
    for review in read_sentiruval(part, folder / f"SentiRuEval_rest_markup_{part}.xml"):
        for start, end, sentence in sentence_spans(review.text):
            found = {
                a.category
                for a in review.aspects
                if start <= a.start < end and a.category in ASPECTS
            }
            if len(found) == 1:
                texts.append(sentence)
                labels.append(found.pop())
    return texts, labels


def movie_tag_set(root: Path | None = None) -> tuple[list[str], list[str]]:
    """The tags of each single-genre movie as one text, and the genre."""
    import csv

    folder = (root or data_root()) / "movielens-latest-small"
    with (folder / "movies.csv").open(encoding="utf-8", newline="") as handle:
        genres = {row["movieId"]: row["genres"].split("|") for row in csv.DictReader(handle)}
    tags: dict[str, list[str]] = {}
    with (folder / "tags.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            tags.setdefault(row["movieId"], []).append(row["tag"])
    chosen = [
        m for m in tags if len(genres.get(m, [])) == 1 and genres[m][0] != "(no genres listed)"
    ]
    return [". ".join(tags[m]) for m in chosen], [genres[m][0] for m in chosen]


def evaluate_set(texts: list[str], gold: list[str], language: str) -> dict[str, Any]:
    dictionary = ThemeDictionary.default()
    stems = [document_stems(t, language) for t in texts]
    systems: dict[str, list[str]] = {
        "one cluster": ["all"] * len(texts),
        "theme dictionary (baseline)": [dictionary.primary(t, language) or "other" for t in texts],
    }
    seconds: dict[str, float] = {}
    for name, k in (
        ("clustered themes (default k)", None),
        ("clustered themes (k = labels)", len(set(gold))),
    ):
        started = time.perf_counter()
        found = discover_themes(texts, [language] * len(texts), k=k)
        seconds[name] = time.perf_counter() - started
        systems[name] = [str(a) if a >= 0 else "other" for a in found.assignments]
    placed = sum(g != "other" for g in systems["theme dictionary (baseline)"]) / len(texts)
    auto = (
        "theme dictionary (baseline)" if placed >= MIN_COVERAGE else "clustered themes (default k)"
    )
    systems["auto (what the report uses): " + auto.split(" (", maxsplit=1)[0]] = systems[auto]
    return {
        "texts": len(texts),
        "labels": len(set(gold)),
        "systems": {
            name: {
                "groups": len(set(groups)),
                "coverage": sum(g not in ("other", "all") for g in groups) / len(groups),
                "purity": purity(groups, gold),
                "adjusted_rand": adjusted_rand_index(groups, gold),
                "nmi": _nmi(gold, groups),
                "coherence_npmi": coherence(groups, stems),
                **({"seconds": round(seconds[name], 2)} if name in seconds else {}),
            }
            for name, groups in systems.items()
        },
    }


def coherence(groups: Sequence[str], stems: Sequence[list[str]]) -> float:
    """Mean NPMI over pairs of each named group's 5 most frequent stems (document counts over
    all texts); groups `other`/`all` are left out."""
    documents = [set(s) for s in stems]
    frequency: Counter[str] = Counter(s for d in documents for s in d)
    n = len(documents)
    scores: list[float] = []
    for group in sorted(set(groups) - {"other", "all"}):
        counts: Counter[str] = Counter(
            s for d, g in zip(documents, groups, strict=True) if g == group for s in d
        )
        top = [s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:_TOP_STEMS]]
        for a, b in combinations(top, 2):
            both = sum(1 for d in documents if a in d and b in d)
            if both == 0:
                scores.append(-1.0)
                continue
            p_ab, p_a, p_b = both / n, frequency[a] / n, frequency[b] / n
            scores.append(1.0 if p_ab == 1 else log(p_ab / (p_a * p_b)) / -log(p_ab))
    return sum(scores) / len(scores) if scores else 0.0


def _nmi(gold: Sequence[str], groups: Sequence[str]) -> float:
    from sklearn.metrics import normalized_mutual_info_score

    return float(normalized_mutual_info_score(gold, groups))


def evaluate(root: Path, split: str = "test") -> dict[str, Any]:
    return {
        "split": split,
        "airline reasons (en)": evaluate_set(*airline_set(split, root), "en"),
        "restaurant aspects (ru)": evaluate_set(*restaurant_set(split, root), "ru"),
        "movie tags by genre (en, unknown domain)": evaluate_set(*movie_tag_set(root), "en"),
    }


def to_markdown(result: dict[str, Any]) -> str:
    lines: list[str] = []
    for name, part in result.items():
        if name == "split":
            continue
        lines += [
            f"#### {name}: {part['texts']} texts, {part['labels']} labels",
            "",
            "| system | groups | coverage | purity | adjusted Rand | NMI | NPMI coherence |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for system, s in part["systems"].items():
            lines.append(
                f"| {system} | {s['groups']} | {s['coverage']:.2f} | {s['purity']:.3f} | "
                f"{s['adjusted_rand']:.3f} | {s['nmi']:.3f} | {s['coherence_npmi']:.3f} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, write: Callable[[str], Any] = sys.stdout.write) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate(args.data or data_root(), args.split)
    write(json.dumps(result, indent=2) + "\n" if args.json else to_markdown(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
