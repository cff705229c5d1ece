"""Tabular exports as they come: whitespace and semicolon files, one-kind-of-event files
(`event_name`), and a two-file lead/deal export loaded into one funnel."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from journeymap.events.errors import IngestError
from journeymap.events.ingest import ingest, ingest_file
from journeymap.events.options import ColumnMapping, IngestOptions
from journeymap.store import Store
from tests.conftest import dataset
from tests.events.conftest import rows

FIXTURES = Path(__file__).parent / "fixtures"


def _named(name: str) -> IngestOptions:
    return IngestOptions(mapping=ColumnMapping(event_name=name))


def test_whitespace_purchase_log_like_cdnow(store: Store) -> None:
    """Header `customer_id  date number_of_cds  dollar_value` with runs of blanks and CRLF."""
    result = ingest_file(store, FIXTURES / "cdnow_purchases.txt", _named("Order Completed"))
    assert result.ok, result.error
    assert (result.format, result.rows_stored, result.rows_quarantined) == ("csv", 5, 1)
    assert result.reasons == {"malformed row: too many fields": 1}
    stored = rows(
        store, "SELECT user_id, event, timestamp, properties FROM events ORDER BY user_id, 3"
    )
    assert stored[0][:3] == ("00001", "Order Completed", datetime(1997, 1, 1))
    assert json.loads(stored[0][3]) == {"number_of_cds": "1", "dollar_value": "11.77"}
    assert [r[0] for r in stored] == ["00001", "00002", "00002", "00003", "00003"]
    raw = rows(store, "SELECT raw FROM quarantine")
    assert raw == [(" 00004 19970101  2   29.33 extra",)]


def test_without_event_name_the_error_says_how(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "cdnow_purchases.txt")
    assert result.error is not None
    assert "--event-name" in result.error
    assert "no person column" not in result.error


def test_semicolon_file_with_decimal_commas(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "semicolon_orders.csv")
    assert (result.rows_stored, result.rows_quarantined) == (2, 0), result
    stored = rows(store, "SELECT user_id, timestamp, properties FROM events ORDER BY 1")
    assert stored[0][1] == datetime(2024, 3, 1, 10, 0, 0, 123000)
    assert json.loads(stored[0][2]) == {"amount": "12,50"}
    assert stored[1][1] == datetime(2024, 3, 1, 11)


def test_event_name_and_event_column_exclude_each_other() -> None:
    with pytest.raises(IngestError, match="not both"):
        ColumnMapping(event="kind", event_name="Lead Created")


def test_event_name_is_refused_for_formats_that_name_their_events(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text('{"type":"track","event":"A","userId":"u","timestamp":"2024-01-01"}\n')
    result = ingest_file(store, path, _named("Lead Created"))
    assert result.error is not None
    assert "--event-name" in result.error


def test_leads_and_deals_into_one_funnel(store: Store) -> None:
    """Leads (`first_contact_date`, `origin`) and deals (`won_date`, three more id columns):
    time and channel found by name, ids stay properties, never event names."""
    mapping = {"person": "mql_id"}
    results = ingest(
        store,
        [FIXTURES / "olist_leads.csv", FIXTURES / "olist_deals.csv"],
        [
            IngestOptions(mapping=ColumnMapping(**mapping, event_name="Lead Created")),
            IngestOptions(mapping=ColumnMapping(**mapping, event_name="Deal Won")),
        ],
    )
    assert [(r.rows_stored, r.rows_quarantined) for r in results] == [(4, 0), (2, 0)]
    names = rows(store, "SELECT event, count(*) FROM events GROUP BY 1 ORDER BY 1")
    assert names == [("Deal Won", 2), ("Lead Created", 4)]
    lead = rows(
        store, "SELECT channel, timestamp FROM events WHERE user_id = '5420aad7' ORDER BY 2"
    )
    assert lead == [
        ("organic search", datetime(2018, 2, 21)),
        (None, datetime(2018, 2, 26, 19, 58, 54)),
    ]
    deal = rows(store, "SELECT properties FROM events WHERE event = 'Deal Won' LIMIT 1")
    assert {"seller_id", "sdr_id", "sr_id"} <= set(json.loads(deal[0][0]))
    both = rows(store, "SELECT count(*) FROM persons WHERE events = 2")
    assert both == [(2,)]


def test_several_time_like_columns_ask_for_time(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text("mql_id,won_date,lost_date\nm1,2018-01-01,\n", encoding="utf-8")
    options = IngestOptions(mapping=ColumnMapping(person="mql_id", event_name="Deal Won"))
    result = ingest_file(store, path, options)
    assert result.error is not None
    assert "won_date, lost_date" in result.error
    assert "--time" in result.error


@pytest.mark.data
def test_real_cdnow_master(real_data: Path, store: Store) -> None:
    path = dataset(real_data, "cdnow", "CDNOW_master.txt")
    result = ingest_file(store, path, _named("Order Completed"))
    assert (result.rows_read, result.rows_quarantined) == (69_659, 0), result.reasons
    spent = rows(
        store,
        "SELECT count(DISTINCT person_id), round(sum(CAST(properties->>'$.dollar_value'"
        " AS DECIMAL(12, 2))), 2), min(timestamp), max(timestamp) FROM events",
    )
    # rows with the same customer, day, count and amount are separate purchases, all kept
    assert result.rows_stored == 69_659
    assert (spent[0][0], str(spent[0][1])) == (23_570, "2500315.63")
    assert (spent[0][2].date().isoformat(), spent[0][3].date().isoformat()) == (
        "1997-01-01",
        "1998-06-30",
    )


@pytest.mark.data
def test_real_olist_leads_and_deals(real_data: Path, store: Store) -> None:
    folder = dataset(real_data, "olist-marketing-funnel")
    files = [
        folder / "olist_marketing_qualified_leads_dataset.csv",
        folder / "olist_closed_deals_dataset.csv",
    ]
    options = [
        IngestOptions(mapping=ColumnMapping(person="mql_id", event_name=name))
        for name in ("Lead Created", "Deal Won")
    ]
    results = ingest(store, files, options)
    assert [(r.rows_stored, r.rows_quarantined) for r in results] == [(8_000, 0), (842, 0)]
    converted = rows(
        store,
        "SELECT count(*) FROM persons p WHERE EXISTS (SELECT 1 FROM events e WHERE"
        " e.person_id = p.person_id AND e.event = 'Deal Won') AND EXISTS (SELECT 1 FROM events e"
        " WHERE e.person_id = p.person_id AND e.event = 'Lead Created')",
    )
    assert converted == [(842,)]
    social = rows(store, "SELECT count(*) FROM events WHERE channel = 'social'")
    assert social == [(1_350,)]


def test_context_columns_of_a_single_table_nest(store: Store, tmp_path: Path) -> None:
    """One warehouse table unloaded on its own (`tracks.csv`) loads as a plain CSV file."""
    path = tmp_path / "tracks.csv"
    path.write_text(
        "id,anonymous_id,event,timestamp,context_page_url,context_campaign_source,plan\n"
        "t1,a1,Signed Up,2024-05-01 10:00:00.5,https://shop.example/join,newsletter,pro\n",
        encoding="utf-8",
    )
    assert ingest_file(store, path).rows_stored == 1
    stored = rows(store, "SELECT context, properties, timestamp FROM events")
    assert json.loads(stored[0][0]) == {
        "page": {"url": "https://shop.example/join"},
        "campaign": {"source": "newsletter"},
    }
    assert json.loads(stored[0][1]) == {"plan": "pro"}
    assert stored[0][2] == datetime(2024, 5, 1, 10, 0, 0, 500000)


def test_whitespace_file_without_extension_is_a_table(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "purchases"
    path.write_bytes((FIXTURES / "cdnow_purchases.txt").read_bytes())
    result = ingest_file(store, path, _named("Order Completed"))
    assert (result.format, result.rows_stored) == ("csv", 5), result


@pytest.mark.data
def test_real_semicolon_file_is_split_into_its_columns(real_data: Path, store: Store) -> None:
    """UCI online shoppers: `;`-separated sessions without a person or time column. The
    refusal must name its 18 columns (read split), not one column holding the whole header."""
    path = dataset(real_data, "uci-online-shoppers", "online_shoppers_intention.csv")
    result = ingest_file(store, path)
    assert result.error is not None
    listed = result.error.split("columns: ", 1)[1].split(", ")
    assert len(listed) == 18
    assert listed[:2] == ["Administrative", "Administrative_Duration"]
