"""Sentiment learned from a workspace's own scored answers, blended with the lexicon.

When answers carry a score (NPS 0-10, CSAT 1-5, stars) their texts are labelled by it (NPS 0-6
negative, 7-8 neutral, 9-10 positive; CSAT/stars 1-2 negative, 3 neutral, 4-5 positive) and a
TF-IDF + logistic regression model (scikit-learn) learns the domain's words from them: "не
взошли" in a seed shop, "middle seat" on an airline, which no general lexicon knows. Word
n-grams and character n-grams within words are both used, so Russian inflections share
features without a morphological analyser. The model then reads every text, scored or not.

A text's score is the model's P(positive) - P(negative), blended with the lexicon's score
(`LEXICON_WEIGHT`): the lexicon keeps negation and contrast rules the bag of words lacks, and the
model makes scores continuous and domain-aware. Too few distinct scored texts (`MIN_TEXTS` with
at least `MIN_PER_CLASS` in two classes) and the lexicon stays alone: a model of ten answers, or
of a few canned phrases repeated, would be noise (and scikit-learn is not even imported).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from journeymap.analytics.feedback.sentiment import Sentiment, analyze, label_of

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

MIN_TEXTS: Final = 30
"""Distinct scored texts needed before a model is learned (fewer: the lexicon alone)."""
MIN_PER_CLASS: Final = 5
LEXICON_WEIGHT: Final = 0.4
LABELS: Final = ("negative", "neutral", "positive")


def label_of_answer(kind: str, score: float) -> str | None:
    """The sentiment a survey score stands for, or None for a kind without one (CES, free text)."""
    if kind == "nps":
        return "negative" if score <= 6 else "neutral" if score <= 8 else "positive"
    if kind in ("csat", "rating", "stars"):
        return "negative" if score <= 2 else "neutral" if score < 4 else "positive"
    if kind == "ces":  # 1-7, 7 = easy
        return "negative" if score <= 3 else "neutral" if score <= 5 else "positive"
    return None


def learn_from_answers(rows: Sequence[dict[str, Any]]) -> LearnedSentiment | None:
    """A model of the answers' texts labelled by their scores (`kind`, `score`), or None."""
    texts: list[str] = []
    labels: list[str] = []
    for row in rows:
        score, text = row.get("score"), row.get("text")
        label = (
            label_of_answer(str(row.get("kind") or ""), float(score)) if score is not None else None
        )
        if label is not None and text:
            texts.append(str(text))
            labels.append(label)
    return LearnedSentiment.fit(texts, labels)


def sentiment_pipeline(seed: int = 0) -> Pipeline:
    """TF-IDF of word 1-2-grams and character 2-5-grams, then a balanced logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
        ]
    )
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)
    return Pipeline([("features", features), ("model", model)])


@dataclass
class LearnedSentiment:
    """A sentiment reader fitted on labelled texts (see the module)."""

    pipeline: Any
    classes: tuple[str, ...]
    texts: int

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str]) -> LearnedSentiment | None:
        """A model of `texts` labelled `labels`, or None when they are too few to learn from."""
        pairs = [(t, lab) for t, lab in zip(texts, labels, strict=True) if t and t.strip()]
        # distinct texts: a survey whose answers repeat a few canned phrases teaches nothing
        # a lexicon does not know, and learning from it would only memorize them
        distinct = set(pairs)
        counts = Counter(lab for _, lab in distinct)
        if len(distinct) < MIN_TEXTS or sum(n >= MIN_PER_CLASS for n in counts.values()) < 2:
            return None
        pipeline = sentiment_pipeline()
        pipeline.fit([t for t, _ in pairs], [lab for _, lab in pairs])
        return cls(pipeline, tuple(str(c) for c in pipeline.classes_), len(pairs))

    def scores(self, texts: Sequence[str]) -> list[float]:
        """P(positive) - P(negative) per text, in -1..1."""
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba(list(texts))
        positive = self.classes.index("positive") if "positive" in self.classes else None
        negative = self.classes.index("negative") if "negative" in self.classes else None
        return [
            (float(row[positive]) if positive is not None else 0.0)
            - (float(row[negative]) if negative is not None else 0.0)
            for row in probabilities
        ]

    def labels(self, texts: Sequence[str]) -> list[str]:
        """The most probable label per text (the model alone, for the evaluation)."""
        return [str(label) for label in self.pipeline.predict(list(texts))] if texts else []

    def analyze_all(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[Sentiment]:
        """Each text's sentiment: the lexicon's score blended with the model's."""
        langs = list(languages) if languages is not None else [None] * len(texts)
        learned = self.scores(texts)
        result = []
        for text, language, model_score in zip(texts, langs, learned, strict=True):
            lexicon = analyze(text, language)
            score = LEXICON_WEIGHT * lexicon.score + (1 - LEXICON_WEIGHT) * model_score
            result.append(Sentiment(score, label_of(score), lexicon.language, lexicon.matches))
        return result


def analyze_texts(
    texts: Sequence[str],
    languages: Sequence[str | None] | None = None,
    model: LearnedSentiment | None = None,
) -> list[Sentiment]:
    """Sentiments of `texts`: blended with `model` when there is one, else the lexicon's."""
    if model is not None:
        return model.analyze_all(texts, languages)
    langs = list(languages) if languages is not None else [None] * len(texts)
    return [analyze(text, language) for text, language in zip(texts, langs, strict=True)]
