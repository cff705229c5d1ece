"""Currencies on the command line: a mix is an error naming them; `--rates` converts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap.events.currency_rates import CurrencyError, read_rates
from tests.cli.test_costs_roi_cmd import FIXTURES, run, store_url

RATES = Path(__file__).parents[1] / "events" / "fixtures" / "rates" / "rates.csv"
__all__ = ["store_url"]  # the fixture, used by name
pytestmark = pytest.mark.filterwarnings(
    "ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning"
)


def test_rates_file_reads_decimal_commas_and_rejects_two_targets(tmp_path: Path) -> None:
    rates = read_rates(RATES)
    assert (rates.target, rates.rate("usd"), rates.rate("руб")) == ("RUB", 92.5, 1.0)
    bad = tmp_path / "bad.csv"
    bad.write_text("currency,rate,to\nUSD,90,RUB\nEUR,1.1,USD\n", encoding="utf-8")
    with pytest.raises(CurrencyError, match="one currency"):
        read_rates(bad)


def test_usd_costs_against_rouble_revenue(store_url: str) -> None:
    google = FIXTURES / "google_ads.csv"  # USD, utm_source google
    direct = FIXTURES / "yandex_direct_wizard.csv"  # roubles
    assert run("costs", "import", str(direct), "--store", store_url).exit_code == 0
    assert run("costs", "import", str(google), "--store", store_url).exit_code == 0
    mixed = run("analyze", "roi", "--store", store_url, "--json")
    assert mixed.exit_code == 1
    assert "several currencies (RUB, USD)" in mixed.output
    converted = run("analyze", "roi", "--store", store_url, "--rates", str(RATES), "--json")
    assert converted.exit_code == 0, converted.output
    data = json.loads(converted.stdout)
    assert data["currency"] == "RUB"
    rows = {r["label"]: r for r in data["rows"]}
    assert rows["google"]["spend"] == pytest.approx((1012.50 + 845.25) * 92.5)
    assert rows["yandex"]["spend"] == pytest.approx(9868.39)
    imported = run("costs", "import", str(google), "--store", store_url, "--rates", str(RATES))
    assert imported.exit_code == 0, imported.output  # same keys: the USD rows are replaced
    plain = json.loads(run("analyze", "roi", "--store", store_url, "--json").stdout)
    assert plain["currency"] == "RUB"
    assert plain["total"]["spend"] == pytest.approx(data["total"]["spend"])


KPI_MAP = """\
journeymap: 1
id: ads
title: Ads
language: en
stages:
  - id: buy
    name: Buy
    touchpoints: [paid]
    kpis:
      - {id: romi-yandex, name: ROMI Yandex, measure: romi(yandex), target: 1.0}
      - {id: cac-tiktok, name: CAC TikTok, measure: cac(tiktok), direction: decrease, target: 9}
touchpoints:
  - {id: paid, name: Payment, bindings: [{event: Order Completed}]}
"""


def test_analyze_kpis_reads_the_store_costs(store_url: str, tmp_path: Path) -> None:
    journey = tmp_path / "ads.yaml"
    journey.write_text(KPI_MAP, encoding="utf-8")
    before = json.loads(run("analyze", "kpis", str(journey), "--store", store_url, "--json").stdout)
    assert before["kpis"][0]["status"] == "no data"
    assert "costs import" in before["kpis"][0]["message"]
    direct = FIXTURES / "yandex_direct_wizard.csv"
    assert run("costs", "import", str(direct), "--store", store_url).exit_code == 0
    after = json.loads(run("analyze", "kpis", str(journey), "--store", store_url, "--json").stdout)
    romi, cac = after["kpis"]
    assert romi["value"] == pytest.approx((20000 - 9868.39) / 9868.39)
    assert romi["status"] == "met"
    assert cac["status"] == "no data"
    assert "tiktok" in cac["message"]
