"""The renderers' and the report's built-in words (labels, duration units) are catalog messages,
not dictionaries of their own: each Russian word is the catalog's translation of the English."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from journeymap.i18n import pgettext, use_language
from journeymap.render.labels import LABELS, label_language, labels_for
from journeymap.report.formatting import duration_units, format_duration
from journeymap.report.report_labels import REPORT_LABELS

SRC = Path(__file__).resolve().parents[2] / "src" / "journeymap"
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@pytest.mark.parametrize("labels", [LABELS, REPORT_LABELS], ids=["map", "report"])
def test_each_label_is_the_catalogs_text_in_its_language(
    labels: Mapping[str, Mapping[str, str]],
) -> None:
    english, russian = labels["en"], labels["ru"]
    assert set(english) == set(russian)
    with use_language("ru"):
        for key, text in english.items():
            assert russian[key] == pgettext("label", text), key
            assert russian[key] != text or text in ("KPI", "KPIs"), key  # translated


def test_labels_do_not_follow_the_current_language() -> None:
    """A label asked for in a language is in that language whatever the run speaks (the HTML
    page writes both for its switch)."""
    with use_language("ru"):
        assert labels_for("en")["barriers"] == "Barriers"
    with use_language("en"):
        assert labels_for("ru")["barriers"] == "Барьеры"
    assert label_language("de") == "en"
    with pytest.raises(KeyError):
        LABELS["de"]
    assert list(LABELS) == ["en", "ru"]


@pytest.mark.parametrize("module", ["render/labels.py", "report/report_labels.py"])
def test_no_russian_text_is_left_in_the_label_modules(module: str) -> None:
    assert not CYRILLIC.search((SRC / module).read_text(encoding="utf-8"))


def test_the_reports_duration_units_are_catalog_messages() -> None:
    with use_language("ru"):
        russian = [pgettext("duration unit", unit) for unit in ("d", "h", "min", "s")]
    assert [unit for _, unit in duration_units("ru")] == russian
    with use_language("ru"):  # the report's language, not the run's
        assert format_duration(2.5 * 86400, "en") == "2.5 d"
    assert format_duration(7200, "ru") == "2,0 ч"
    assert format_duration(7200, "de") == "2.0 h"
