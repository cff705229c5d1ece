"""Ranking metrics, binary relevance, averaged over test persons.

For one person with recommended list `r` (best first) and relevant set `R`:

- Recall@k = |r[:k] ∩ R| / |R|
- NDCG@k = DCG / IDCG, DCG = Σ_{i ≤ k, r_i ∈ R} 1 / log2(i + 1), IDCG the DCG of an ideal list
  (min(k, |R|) hits first)
- AP@k = (1 / min(k, |R|)) Σ_{i ≤ k, r_i ∈ R} precision@i; MAP@k is its mean
- catalog coverage = distinct recommended items (top k of every person) / items in the catalog
- novelty = mean over recommended items of -log2(share of training persons who saw the item);
  items nobody saw count as seen by one person

Persons with no relevant items are skipped (they cannot be scored).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def _pairs(
    recommended: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]]
) -> list[tuple[Sequence[str], set[str]]]:
    return [(recommended.get(p, ()), items) for p, items in relevant.items() if items]


def recall_at_k(
    recommended: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]], k: int
) -> float:
    pairs = _pairs(recommended, relevant)
    if not pairs:
        return 0.0
    return float(np.mean([len(set(r[:k]) & rel) / len(rel) for r, rel in pairs]))


def ndcg_at_k(
    recommended: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]], k: int
) -> float:
    pairs = _pairs(recommended, relevant)
    if not pairs:
        return 0.0
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    values = []
    for ranked, rel in pairs:
        gains = np.array([item in rel for item in ranked[:k]], dtype=np.float64)
        dcg = float(gains @ discounts[: len(gains)])
        ideal = float(discounts[: min(k, len(rel))].sum())
        values.append(dcg / ideal)
    return float(np.mean(values))


def map_at_k(
    recommended: Mapping[str, Sequence[str]], relevant: Mapping[str, set[str]], k: int
) -> float:
    pairs = _pairs(recommended, relevant)
    if not pairs:
        return 0.0
    values = []
    for ranked, rel in pairs:
        hits, total = 0, 0.0
        for position, item in enumerate(ranked[:k], start=1):
            if item in rel:
                hits += 1
                total += hits / position
        values.append(total / min(k, len(rel)))
    return float(np.mean(values))


def catalog_coverage(recommended: Mapping[str, Sequence[str]], catalog_size: int, k: int) -> float:
    if catalog_size <= 0:
        return 0.0
    shown = {item for ranked in recommended.values() for item in ranked[:k]}
    return len(shown) / catalog_size


def novelty(
    recommended: Mapping[str, Sequence[str]],
    persons_per_item: Mapping[str, int],
    persons: int,
    k: int,
) -> float:
    shown = [item for ranked in recommended.values() for item in ranked[:k]]
    if not shown or persons <= 0:
        return 0.0
    shares = [max(persons_per_item.get(item, 0), 1) / persons for item in shown]
    return float(np.mean(-np.log2(shares)))
