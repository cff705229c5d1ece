"""Cost exports of Yandex Direct, VK Ads, Google Ads and Meta Ads, shaped as each writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from journeymap.events.costs_import import CostFileError, read_cost_file
from journeymap.events.costs_values import parse_day, parse_number

FIXTURES = Path(__file__).parent / "fixtures" / "costs"
NOV_1, NOV_2 = dt.date(2026, 11, 1), dt.date(2026, 11, 2)


def test_yandex_direct_report_wizard_in_windows_1251_with_title_and_total_rows() -> None:
    read = read_cost_file(FIXTURES / "yandex_direct_wizard.csv")
    assert read.platform == "yandex-direct"
    assert read.summary_rows == 1
    assert read.rejected == []
    first = read.rows[0]
    assert (first.day, first.campaign, first.campaign_id, first.ad_group) == (
        NOV_1, "Осень_поиск", "7001", "Семена томатов",
    )  # fmt: skip
    assert (first.impressions, first.clicks, first.cost) == (12345, 321, 4567.89)
    assert (first.channel, first.currency) == ("yandex", "RUB")
    assert read.total_cost == pytest.approx(9868.39)


def test_vk_ads_with_bom_russian_dates_and_a_bad_row_rejected_with_its_line() -> None:
    read = read_cost_file(FIXTURES / "vk_ads.csv", platform="auto")
    assert read.platform == "vk-ads"
    assert [r.day for r in read.rows] == [NOV_1, NOV_2]
    assert read.total_cost == pytest.approx(4800.40)
    assert [(r.row_number, r.reason) for r in read.rejected] == [
        (4, "cost is not a number: 'неизвестно'")
    ]
    assert read.rows[0].channel == "vk"


def test_google_ads_english_with_thousands_commas_and_total_rows() -> None:
    read = read_cost_file(FIXTURES / "google_ads.csv")
    assert read.platform == "google-ads"
    assert [(r.day, r.cost, r.impressions) for r in read.rows] == [
        (NOV_1, 1012.5, 1204.0), (NOV_2, 845.25, 980.0),
    ]  # fmt: skip
    assert {r.currency for r in read.rows} == {"USD"}
    assert read.summary_rows == 1


def test_google_ads_russian_utf16_tab_separated() -> None:
    read = read_cost_file(FIXTURES / "google_ads_ru.tsv", channel="Google")
    assert read.platform == "google-ads"
    assert [(r.day, r.cost, r.campaign_id, r.channel) for r in read.rows] == [
        (NOV_1, 1012.5, "9001", "google")
    ]


def test_meta_ads_xlsx_with_currency_in_the_header() -> None:
    read = read_cost_file(FIXTURES / "meta_ads.xlsx")
    assert read.platform == "meta-ads"
    assert [(r.day, r.cost, r.ad_group) for r in read.rows] == [
        (NOV_1, 73.1, "lookalike 1%"), (NOV_2, 69.9, "lookalike 1%"),
    ]  # fmt: skip
    assert {(r.currency, r.channel) for r in read.rows} == {("USD", "facebook")}


def test_currency_option_wins_over_the_header(tmp_path: Path) -> None:
    read = read_cost_file(FIXTURES / "yandex_direct_wizard.csv", currency="KZT")
    assert {r.currency for r in read.rows} == {"KZT"}


def test_a_file_without_day_and_cost_columns_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name;value\na;1\n", encoding="utf-8")
    with pytest.raises(CostFileError, match="no header row") as error:
        read_cost_file(path)
    assert "docs/roi.md" in error.value.hint


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-01", NOV_1), ("01.11.2026", NOV_1), ("1 ноября 2026 г.", NOV_1),
     ("1 нояб. 2026", NOV_1), ("Nov 1, 2026", NOV_1), ("11/01/2026", NOV_1),
     ("2026-11-01 00:00:00", NOV_1)],
)  # fmt: skip
def test_days(text: str, expected: dt.date) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [("1 234,56", True, 1234.56), ("1\u00a0234,5", True, 1234.5), ("1,234.56", False, 1234.56),
     ("1.234,56", True, 1234.56), ("1,234", False, 1234.0), ("--", False, 0.0), ("7", True, 7.0)],
)  # fmt: skip
def test_numbers(text: str, comma: bool, expected: float) -> None:
    assert parse_number(text, decimal_comma=comma) == pytest.approx(expected)


def test_text_that_is_no_number_is_an_error() -> None:
    with pytest.raises(ValueError, match="abc"):
        parse_number("abc", decimal_comma=True)
