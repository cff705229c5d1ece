"""Quality measures for the feedback evaluation, written out so they can be checked by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from math import comb


def accuracy(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def precision_recall_f1(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], label: Hashable
) -> tuple[float, float, float]:
    pairs = list(zip(gold, predicted, strict=True))
    true_pos = sum(g == label and p == label for g, p in pairs)
    predicted_pos = sum(p == label for _, p in pairs)
    gold_pos = sum(g == label for g, _ in pairs)
    precision = true_pos / predicted_pos if predicted_pos else 0.0
    recall = true_pos / gold_pos if gold_pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def macro_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Mean F1 over the gold labels."""
    labels = sorted(set(gold), key=str)
    return sum(precision_recall_f1(gold, predicted, label)[2] for label in labels) / len(labels)


def purity(clusters: Sequence[Hashable], classes: Sequence[Hashable]) -> float:
    """Share of items whose cluster's majority class is their class."""
    by_cluster: dict[Hashable, Counter[Hashable]] = {}
    for cluster, label in zip(clusters, classes, strict=True):
        by_cluster.setdefault(cluster, Counter())[label] += 1
    return sum(c.most_common(1)[0][1] for c in by_cluster.values()) / len(clusters)


def adjusted_rand_index(clusters: Sequence[Hashable], classes: Sequence[Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index from the contingency table."""
    n = len(clusters)
    pairs = Counter(zip(clusters, classes, strict=True))
    index = sum(comb(v, 2) for v in pairs.values())
    row = sum(comb(v, 2) for v in Counter(clusters).values())
    column = sum(comb(v, 2) for v in Counter(classes).values())
    expected = row * column / comb(n, 2)
    maximum = (row + column) / 2
    if maximum == expected:
        return 0.0
    return (index - expected) / (maximum - expected)
