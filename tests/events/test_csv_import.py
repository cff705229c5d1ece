"""CSV/TSV: auto-detected columns, explicit mapping, traits from case columns, malformed rows."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from journeymap.events.ingest import ingest_file
from journeymap.events.options import ColumnMapping, IngestOptions
from journeymap.store import Store
from tests.events.conftest import count, rows


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_usual_names_are_detected_and_the_rest_become_properties(
    store: Store, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "shop.csv",
        "event_id,userId,event_name,ts,channel,sku,price\n"
        "e1,u1,Product Viewed,2024-02-01 10:00:00,web,tomato,2.5\n"
        "e2,u1,Product Added,2024-02-01 10:01:00,web,tomato,\n",
    )
    result = ingest_file(store, path)
    assert (result.format, result.rows_stored) == ("csv", 2)
    stored = rows(
        store,
        "SELECT message_id, user_id, event, timestamp, channel, properties FROM events ORDER BY 1",
    )
    assert stored[0][:5] == ("e1", "u1", "Product Viewed", datetime(2024, 2, 1, 10), "web")
    assert json.loads(stored[0][5]) == {"sku": "tomato", "price": "2.5"}
    assert json.loads(stored[1][5]) == {"sku": "tomato", "price": None}


def test_explicit_mapping_properties_and_timezone(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "crm.tsv",
        "client\tvisitor\tstep\twhen\tvia\tnote\tsecret\n"
        "c1\tv1\tCall\t01.03.2024 12:00\tphone\thello\tx\n",
    )
    options = IngestOptions(
        mapping=ColumnMapping(
            person="client",
            anonymous="visitor",
            event="step",
            time="when",
            channel="via",
            properties=("note",),
        ),
        timezone="Europe/Moscow",
        source="crm-export",
    )
    result = ingest_file(store, path, options)
    assert (result.format, result.rows_stored) == ("tsv", 1)
    assert rows(
        store,
        "SELECT user_id, anonymous_id, person_id, event, timestamp, channel, properties, source"
        " FROM events",
    ) == [
        (
            "c1",
            "v1",
            "c1",
            "Call",
            datetime(2024, 3, 1, 9),
            "phone",
            '{"note":"hello"}',
            "crm-export",
        )
    ]
    assert rows(store, "SELECT reason FROM identity_merges") == [("track",)]


def test_case_columns_become_person_traits(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "log.csv",
        "case:concept:name,case:channel,case:department,concept:name,time:timestamp,org:resource\n"
        "case-1,Internet,General,Submit,2011-10-11 13:45:40+02:00,R1\n"
        "case-1,Internet,General,Check,2011-10-12 08:00:00+02:00,R2\n",
    )
    ingest_file(store, path)
    assert rows(store, "SELECT DISTINCT person_id, channel FROM events") == [("case-1", "Internet")]
    (traits,) = rows(store, "SELECT traits FROM persons")[0]
    assert json.loads(traits) == {"department": "General"}
    props = [json.loads(p) for (p,) in rows(store, "SELECT properties FROM events ORDER BY 1")]
    assert props == [{"org:resource": "R1"}, {"org:resource": "R2"}]


def test_malformed_rows_go_to_quarantine_with_their_line(store: Store, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "bad.csv",
        "user_id,event,timestamp\n"
        "u1,Opened,2024-01-01\n"
        "u2,Opened\n"
        "u3,Opened,2024-01-01,extra\n"
        ",Opened,2024-01-01\n"
        "u4,Opened,soon\n"
        "u5,Opened,2024-01-02\n",
    )
    result = ingest_file(store, path)
    assert (result.rows_read, result.rows_stored, result.rows_quarantined) == (6, 2, 4)
    quarantined = rows(store, "SELECT row_number, raw, reason FROM quarantine ORDER BY reason")
    assert [q[2] for q in quarantined] == [
        "malformed CSV row: missing columns",
        "malformed CSV row: too many columns",
        "missing person (no user id or anonymous id)",
        "unparsable time",
    ]
    assert quarantined[0][:2] == (3, "u2,Opened")
    assert json.loads(quarantined[3][1])["time"] == "soon"
    before = count(store, "quarantine")
    assert ingest_file(store, path).rows_stored == 0
    assert count(store, "quarantine") == before


def test_semicolon_csv_with_bom(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffuser_id;event;timestamp\nu1;Открыл;2024-01-01\n".encode())
    result = ingest_file(store, path)
    assert result.rows_stored == 1, result
    assert rows(store, "SELECT event FROM events") == [("Открыл",)]
