"""Channel economics on real leads and deals (Olist) with SYNTHETIC costs, against pandas.

The Olist marketing funnel has real leads (`origin` is the acquisition channel) and real closed
deals (`declared_monthly_revenue` taken as the order's revenue), but no ad spend: the daily
spend per channel below is made up for this check and is not Olist's. Each lead has one channel
and at most one deal, so the model credits each deal to its lead's channel; pandas computes the
same figures from the CSV files independently.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from journeymap.analytics.costs.roi import roi
from tests.analytics.conftest import MakeEvents
from tests.analytics.costs.test_roi import costs_table
from tests.conftest import dataset, real_data

__all__ = ["real_data"]  # the fixture, used by name
SYNTHETIC_DAILY_SPEND = {"paid search": 310.0, "social": 140.0, "email": 25.0, "display": 60.0}
START, END = dt.date(2017, 6, 1), dt.date(2019, 1, 1)


def olist(root: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = ("olist-marketing-funnel",)
    leads = pd.read_csv(dataset(root, *folder, "olist_marketing_qualified_leads_dataset.csv"))
    deals = pd.read_csv(dataset(root, *folder, "olist_closed_deals_dataset.csv"))
    return leads, deals


def olist_events(leads: pd.DataFrame, deals: pd.DataFrame) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    for lead in leads.itertuples():
        context = {"campaign": {"source": lead.origin}} if isinstance(lead.origin, str) else {}
        at = pd.Timestamp(lead.first_contact_date).to_pydatetime()
        events.append({"person_id": lead.mql_id, "event": "Lead", "context": context,
                       "timestamp": at})  # fmt: skip
    for deal in deals.itertuples():
        revenue = float(deal.declared_monthly_revenue or 0.0)
        events.append({"person_id": deal.mql_id, "event": "Order Completed",
                       "timestamp": pd.Timestamp(deal.won_date).to_pydatetime(),
                       "properties": {"revenue": revenue}})  # fmt: skip
    return events


@pytest.mark.data
def test_olist_channels_with_synthetic_costs_match_pandas(
    real_data: Any, make_events: MakeEvents, engine: Any
) -> None:
    if engine.name == "pyspark":
        pytest.skip("real-data check on DuckDB; the Spark path is covered by test_roi")
    leads, deals = olist(real_data)
    days = (END - START).days
    costs = [
        {"day": START + dt.timedelta(days=n), "platform": "synthetic", "channel": channel,
         "cost": per_day, "currency": "BRL"}
        for n in range(days) for channel, per_day in SYNTHETIC_DAILY_SPEND.items()
    ]  # fmt: skip
    result = roi(make_events(olist_events(leads, deals)), costs_table(engine, costs),
                 conversion="Order Completed", model="linear", lookback=None)  # fmt: skip
    # pandas, independently: each deal belongs to its lead's channel.
    won = deals.merge(leads, on="mql_id", how="left")
    won["channel"] = won["origin"].fillna("(no touch)").str.strip().str.lower()
    truth = won.groupby("channel").agg(
        orders=("mql_id", "size"), revenue=("declared_monthly_revenue", "sum")
    )
    assert (result.start, result.end, result.currency) == (START, END, "BRL")
    assert result.total.orders == pytest.approx(len(deals))
    for channel, per_day in SYNTHETIC_DAILY_SPEND.items():
        row, spend = result.row(channel), per_day * days
        orders, revenue = truth.loc[channel, "orders"], truth.loc[channel, "revenue"]
        assert row.spend == pytest.approx(spend)
        assert row.orders == pytest.approx(orders)
        assert row.revenue == pytest.approx(revenue)
        assert row.romi == pytest.approx((revenue - spend) / spend)
        assert row.cac == pytest.approx(spend / orders)  # one deal per lead: customers = orders
        assert row.reached == leads.loc[leads.origin == channel, "mql_id"].nunique()
