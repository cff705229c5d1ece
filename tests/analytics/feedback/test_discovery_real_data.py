"""Clustered themes on the shared sets: they beat the dictionary where it does not know the
domain, and `auto` keeps the dictionary where it does (figures in docs/feedback.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.analytics.feedback.evaluate_themes import (
    evaluate_set,
    movie_tag_set,
    restaurant_set,
)

pytestmark = pytest.mark.data

DICTIONARY = "theme dictionary (baseline)"
CLUSTERS = "clustered themes (default k)"


def test_themes_adapt_to_a_domain_the_dictionary_does_not_know(real_data: Path) -> None:
    result = evaluate_set(*movie_tag_set(real_data), "en")["systems"]
    assert result[DICTIONARY]["coverage"] < 0.5
    assert result[CLUSTERS]["nmi"] > 1.5 * result[DICTIONARY]["nmi"]
    assert result[CLUSTERS]["adjusted_rand"] > result[DICTIONARY]["adjusted_rand"]
    auto = next(v for k, v in result.items() if k.startswith("auto"))
    assert (auto["coverage"], auto["nmi"]) == (
        result[CLUSTERS]["coverage"],
        result[CLUSTERS]["nmi"],
    )


def test_auto_keeps_the_dictionary_on_its_own_domain(real_data: Path) -> None:
    result = evaluate_set(*restaurant_set("test", real_data), "ru")["systems"]
    assert result[DICTIONARY]["coverage"] >= 0.5
    auto = next(v for k, v in result.items() if k.startswith("auto"))
    assert (auto["coverage"], auto["nmi"]) == (
        result[DICTIONARY]["coverage"],
        result[DICTIONARY]["nmi"],
    )
    # the clusters still find the aspects far better than chance
    assert result[CLUSTERS]["nmi"] > 0.2
    assert result["clustered themes (k = labels)"]["adjusted_rand"] > 0.25
