"""Russian sources: Yandex Metrica Logs API, AppMetrica, amoCRM and Bitrix24 exports, read
through their built-in presets from fixtures shaped like the vendors' exports (UTF-8 with and
without a BOM, Windows-1251, `;` and tab separators, `1 250,50`, `07.11.2026 10:15`)."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from journeymap.events.formats import detect_format
from journeymap.events.ingest import ingest, ingest_file
from journeymap.events.options import IngestOptions
from journeymap.events.presets import detect_preset
from journeymap.events.vendor_text import read_table
from journeymap.store import Store

from .conftest import rows

FIXTURES = Path(__file__).parent / "fixtures" / "ru"
PRESET_OF = {
    "metrica_hits.tsv": "metrica-hits",
    "metrica_visits.tsv": "metrica-visits",
    "appmetrica_events.csv": "appmetrica-events",
    "amocrm_deals.csv": "amocrm-deals",
    "amocrm_contacts.csv": "amocrm-contacts",
    "amocrm_tasks.csv": "amocrm-tasks",
    "bitrix24_deals.csv": "bitrix24-deals",
    "bitrix24_contacts.csv": "bitrix24-contacts",
    "bitrix24_activities.csv": "bitrix24-activities",
}


def events(store: Store, where: str = "true") -> list[dict[str, Any]]:
    found = rows(
        store,
        "SELECT type, event, anonymous_id, user_id, person_id, timestamp, channel, properties,"
        f" context, traits FROM events WHERE {where} ORDER BY timestamp, event",
    )
    keys = ("type", "event", "anonymous_id", "user_id", "person_id", "timestamp", "channel")
    out = []
    for row in found:
        item = dict(zip(keys, row[:7], strict=True))
        for key, text in zip(("properties", "context", "traits"), row[7:], strict=True):
            item[key] = json.loads(text) if text else None
        out.append(item)
    return out


@pytest.mark.parametrize("name", sorted(PRESET_OF))
def test_each_export_is_detected_with_its_preset(name: str) -> None:
    path = FIXTURES / name
    assert detect_format(path) == "preset"
    preset = detect_preset(read_table(path).header)
    assert preset is not None
    assert preset.name == PRESET_OF[name]


def test_encodings_are_read_as_the_vendors_write_them() -> None:
    assert read_table(FIXTURES / "bitrix24_deals.csv").encoding == "cp1251"
    assert read_table(FIXTURES / "amocrm_deals.csv").encoding == "utf-8-sig"
    header = read_table(FIXTURES / "bitrix24_deals.csv").header
    assert header[:4] == ["ID", "Название", "Воронка", "Стадия"]


def test_metrica_hits_pages_campaign_channel_and_moscow_time(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "metrica_hits.tsv")
    assert result.error is None
    assert result.reasons == {
        "missing person (no user id or anonymous id)": 1,
        "unparsable time": 1,
    }
    first, second, goal, download = events(store)
    assert (first["type"], first["event"]) == ("page", "Семена томатов — каталог")
    assert first["timestamp"] == datetime(2026, 11, 7, 7, 15)  # 10:15 in Moscow
    assert first["anonymous_id"] == "1700000000111"
    assert first["channel"] == "ad"
    assert first["context"]["campaign"] == {
        "name": "osen_semena",
        "content": "banner1",
        "medium": "cpc",
        "source": "yandex",
        "term": "семена томатов",
    }
    assert first["context"]["page"]["url"] == "https://semena.example/catalog/tomaty"
    assert second["event"] == "Корзина"
    assert (goal["event"], goal["properties"], goal["user_id"]) == (
        "Goal Reached",
        {"goal_id": "301234"},
        "u-42",
    )
    assert (download["type"], download["event"]) == ("track", "File Downloaded")


def test_metrica_timezone_option_wins_over_the_counter_default(store: Store) -> None:
    options = IngestOptions(timezone="Asia/Yekaterinburg")
    ingest_file(store, FIXTURES / "metrica_hits.tsv", options)
    assert events(store)[0]["timestamp"] == datetime(2026, 11, 7, 5, 15)


def test_metrica_visits_goals_orders_products_and_the_user_param(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "metrica_visits.tsv")
    assert result.reasons == {"missing time": 1}
    found = {e["event"]: e for e in events(store, "anonymous_id = '1700000000111'")}
    assert set(found) == {"Session Started", "Goal Reached", "Order Completed"}
    order = found["Order Completed"]
    assert order["timestamp"] == datetime(2026, 11, 7, 7, 19, 40)
    assert order["user_id"] == "u-42"
    props = order["properties"]
    assert (props["order_id"], props["revenue"], props["currency"]) == ("ORD-1001", 1250.5, "RUB")
    assert [p["price"] for p in props["products"]] == [450.0, 800.5]  # scaled by 1 000 000
    assert [p["name"] for p in props["products"]] == ["Томат Бычье сердце", "Томат Черри"]
    assert found["Session Started"]["properties"]["page_views"] == 3
    assert found["Session Started"]["context"]["campaign"]["source"] == "yandex"


def test_metrica_user_param_names_another_key(store: Store) -> None:
    ingest_file(store, FIXTURES / "metrica_visits.tsv", IngestOptions(user_param="crm_id"))
    assert {e["user_id"] for e in events(store)} == {None}


def test_appmetrica_event_json_becomes_properties(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "appmetrica_events.csv")
    assert result.reasons == {"invalid JSON in event_json": 1}
    opened, added = events(store)
    assert opened["event"] == "Каталог открыт"
    assert (opened["properties"]["screen"], opened["channel"]) == ("catalog", "mobile")
    assert opened["context"]["os"] == {"name": "android", "version": "13"}
    assert opened["context"]["app"]["version"] == "2.4.1"
    assert (added["anonymous_id"], added["user_id"]) == ("1860001112223334445", "u-42")
    assert added["properties"]["price"] == 450
    assert added["timestamp"] == datetime(2026, 11, 7, 6, 6, 10)  # event_timestamp, UTC


def test_amocrm_deals_become_stage_events_with_amount_and_manager(store: Store) -> None:
    result = ingest_file(store, FIXTURES / "amocrm_deals.csv")
    assert result.reasons == {
        "not a number in Бюджет ₽": 2,  # "двадцать тысяч": the deal's events, not stored
        "missing person (no user id or anonymous id)": 2,
    }
    names = [e["event"] for e in events(store, "user_id = 'marina@example.ru'")]
    assert names == ["Сделка создана", "Order Completed", "Сделка: этап «Успешно реализовано»"]
    stage = events(store, "event = 'Сделка: этап «Переговоры»'")[0]
    assert stage["properties"]["amount"] == 3000.0
    assert stage["properties"]["manager"] == "Олег Петров"
    assert stage["properties"]["pipeline_stage"] == "Переговоры"
    assert stage["timestamp"] == datetime(2026, 11, 8, 12, 30)  # last change, 15:30 Moscow
    won = events(store, "event = 'Order Completed'")[0]
    assert (won["properties"]["revenue"], won["properties"]["currency"]) == (1250.5, "RUB")
    assert won["context"]["campaign"]["name"] == "osen_semena"
    assert won["properties"]["tags"] == ["сайт", "семена"]


def test_amocrm_reimport_adds_nothing(store: Store) -> None:
    ingest_file(store, FIXTURES / "amocrm_deals.csv")
    again = ingest_file(store, FIXTURES / "amocrm_deals.csv")
    assert (again.rows_stored, again.rows_duplicate) == (0, 5)


def _as_xlsx(source: Path, target: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    with source.open(encoding="utf-8-sig", newline="") as handle:
        for line in csv.reader(handle, delimiter=";"):
            sheet.append(line)
    book.save(target)
    return target


def test_an_xlsx_export_gives_the_same_events(store: Store, tmp_path: Path) -> None:
    workbook = _as_xlsx(FIXTURES / "amocrm_deals.csv", tmp_path / "amocrm_deals.xlsx")
    assert detect_format(workbook) == "preset"
    result = ingest_file(store, workbook)
    assert (result.rows_stored, result.rows_quarantined) == (5, 4)
    with Store.open("duckdb://:memory:") as other:
        ingest_file(other, FIXTURES / "amocrm_deals.csv")
        assert events(other) == events(store)


def test_bitrix24_windows_1251_deals_contacts_and_activities(store: Store) -> None:
    files = ["bitrix24_contacts.csv", "bitrix24_deals.csv", "bitrix24_activities.csv"]
    results = ingest(store, [FIXTURES / f for f in files])
    assert [r.error for r in results] == [None, None, None]
    assert results[1].reasons == {"not a number in Сумма": 2}
    assert results[2].reasons == {"missing person (no user id or anonymous id)": 1}
    contact = events(store, "type = 'identify'")[0]
    assert contact["traits"]["first_name"] == "Светлана"
    assert contact["traits"]["email"] == "sveta@example.ru"
    won = events(store, "event = 'Order Completed'")[0]
    assert won["properties"]["revenue"] == 12480.0
    assert won["context"]["campaign"]["source"] == "yandex"
    touches = [e["event"] for e in events(store, "event LIKE 'CRM:%'")]
    assert touches == ["CRM: Звонок", "CRM: Задача"]
    assert len({e["person_id"] for e in events(store)}) == 1  # the ClientID and the e-mail


def test_metrica_visitor_crm_contact_and_order_are_one_person(store: Store) -> None:
    files = ["metrica_visits.tsv", "amocrm_contacts.csv", "amocrm_deals.csv"]
    ingest(store, [FIXTURES / f for f in files])
    (person,) = rows(
        store,
        "SELECT DISTINCT person_id FROM events WHERE anonymous_id = '1700000000111'"
        " OR user_id = 'marina@example.ru'",
    )
    journey = events(store, f"person_id = '{person[0]}'")
    kinds = {(e["event"], e["channel"]) for e in journey}
    assert ("Session Started", "ad") in kinds  # the Metrica visit
    assert (None, "crm") in kinds  # the amoCRM contact's identify call
    assert ("Order Completed", "crm") in kinds  # the won deal
    assert ("Order Completed", "ad") in kinds  # the site's purchase
    ids = json.loads(rows(store, f"SELECT ids FROM persons WHERE person_id = '{person[0]}'")[0][0])
    assert {"1700000000111", "marina@example.ru", "u-42"} <= set(ids)


def test_a_row_with_more_cells_than_columns_is_quarantined(store: Store, tmp_path: Path) -> None:
    lines = (FIXTURES / "bitrix24_activities.csv").read_text("utf-8-sig").splitlines()
    broken = tmp_path / "activities.csv"
    broken.write_text("\n".join([lines[0], lines[1] + ";лишнее", lines[2]]) + "\n", "utf-8")
    result = ingest_file(store, broken)
    assert result.reasons == {"malformed row: more cells than columns": 1}
    (raw,) = rows(store, "SELECT raw FROM quarantine")[0]
    assert raw.endswith("лишнее")


def test_metrica_renamed_product_fields_and_parsed_params(store: Store, tmp_path: Path) -> None:
    """The Logs API's current names (`ym:s:purchasedProduct*`) and the visit parameters as
    `parsedParamsKey1`/`parsedParamsKey2` arrays read as the older ones do."""
    header, *lines = (FIXTURES / "metrica_visits.tsv").read_text("utf-8").splitlines()
    header = header.replace("ym:s:products", "ym:s:purchasedProduct").replace(
        "ym:s:params", "ym:s:parsedParamsKey1\tym:s:parsedParamsKey2"
    )
    cells = lines[0].split("\t")
    cells[-1:] = ["['UserID']", "['u-42']"]
    path = tmp_path / "visits.tsv"
    path.write_text("\n".join([header, "\t".join(cells)]) + "\n", "utf-8")
    ingest_file(store, path)
    order = events(store, "event = 'Order Completed'")[0]
    assert order["user_id"] == "u-42"
    assert [p["product_id"] for p in order["properties"]["products"]] == ["T-17", "T-23"]


def test_bitrix24_excel_export_is_an_html_table(store: Store) -> None:
    """Bitrix24's "Excel" button saves an HTML table as `.xls`: it reads as the CSV export."""
    path = FIXTURES / "bitrix24_deals.xls"
    assert detect_format(path) == "preset"
    assert read_table(path).header == read_table(FIXTURES / "bitrix24_deals.csv").header
    result = ingest_file(store, path)
    assert (result.rows_stored, result.rows_quarantined) == (5, 2)
    with Store.open("duckdb://:memory:") as other:
        ingest_file(other, FIXTURES / "bitrix24_deals.csv")
        assert events(other) == events(store)


def test_amocrm_tasks_are_touchpoints_of_the_deals_person(store: Store) -> None:
    assert ingest_file(store, FIXTURES / "amocrm_deals.csv").error is None
    for _ in range(2):  # a re-import adds nothing
        result = ingest_file(store, FIXTURES / "amocrm_tasks.csv")
        assert result.error is None
        assert result.reasons == {"unparsable time": 1}  # due date "не указан", quarantined
    found = events(store, "event LIKE 'amoCRM:%'")
    assert [e["event"] for e in found] == ["amoCRM: Звонок", "amoCRM: Встреча"]
    call = found[0]
    assert call["user_id"] == "marina@example.ru"
    assert call["channel"] == "crm"
    assert call["properties"]["duration_seconds"] == 185
    assert call["properties"]["manager"] == "Анна Смирнова"
    deal = events(store, "event = 'Order Completed'")[0]
    assert deal["person_id"] == call["person_id"]
