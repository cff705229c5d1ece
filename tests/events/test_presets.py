"""Presets for any CRM: a team's own TOML file maps its export's columns (`--preset`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from journeymap.events.errors import IngestError
from journeymap.events.ingest import ingest_file
from journeymap.events.options import ColumnMapping, IngestOptions
from journeymap.events.presets import builtin_presets, resolve_preset
from journeymap.events.vendor_text import parse_number, parse_time
from journeymap.store import Store

from .conftest import rows

FIXTURES = Path(__file__).parent / "fixtures" / "ru"
MY_CRM = """
name = "my-crm"
description = "Orders from our own CRM"
timezone = "Asia/Yekaterinburg"
date_formats = ["%d.%m.%Y %H:%M"]
channel = "crm"

[ids]
user_id = "Email клиента"
anonymous_id = "ClientID"

[[events]]
name = "Заказ оформлен"
time = "Дата заказа"
id = "my-crm:{Номер заказа}"

[[events]]
name = "Order Completed"
when = "Статус"
when_in = ["Оплачен"]
time = "Дата оплаты"
id = "my-crm:{Номер заказа}:paid"
properties = { order_id = "{Номер заказа}", revenue = "{Сумма}" }
numeric = ["revenue"]

[properties]
"Сумма" = { key = "amount", type = "number" }
"Менеджер" = "manager"

[context]
"Источник" = "campaign.source"
"""
EXPORT = (
    "Номер заказа\tДата заказа\tДата оплаты\tСтатус\tСумма\tМенеджер\tEmail клиента\tClientID"
    "\tИсточник\tКомментарий\n"
    "A-1\t07.11.2026 10:15\t07.11.2026 11:00\tОплачен\t1 250,50\tЮлия\tmarina@example.ru"
    "\t1700000000111\tyandex\tдоставка курьером\n"
    "A-2\t08.11.2026 09:00\t\tНовый\t300\tЮлия\tigor@sad.example\t\t\t\n"
    "A-3\tвчера\t\tНовый\t300\tЮлия\tigor@sad.example\t\t\t\n"
)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "journeymap.toml").write_text('store = "duckdb://store.duckdb"\n', "utf-8")
    (tmp_path / "presets").mkdir()
    (tmp_path / "presets" / "my-crm.toml").write_text(MY_CRM, "utf-8")
    (tmp_path / "orders.tsv").write_text(EXPORT, "utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # presets/ is found from anywhere in the workspace
    return tmp_path


def test_a_workspace_preset_maps_an_unknown_crm(store: Store, workspace: Path) -> None:
    result = ingest_file(store, workspace / "orders.tsv", IngestOptions(preset="my-crm"))
    assert (result.format, result.error) == ("preset", None)
    assert result.reasons == {"unparsable time": 1}
    found = rows(
        store,
        "SELECT event, timestamp, user_id, properties->>'revenue', properties->>'Комментарий',"
        " context->>'$.campaign.source' FROM events ORDER BY timestamp, event",
    )
    assert found == [
        ("Заказ оформлен", datetime(2026, 11, 7, 5, 15), "marina@example.ru", None,
         "доставка курьером", "yandex"),
        ("Order Completed", datetime(2026, 11, 7, 6, 0), "marina@example.ru", "1250.5",
         "доставка курьером", "yandex"),
        ("Заказ оформлен", datetime(2026, 11, 8, 4, 0), "igor@sad.example", None, None, None),
    ]  # fmt: skip


def test_a_preset_file_path_works_too(store: Store, workspace: Path) -> None:
    path = str(workspace / "presets" / "my-crm.toml")
    result = ingest_file(store, workspace / "orders.tsv", IngestOptions(preset=path))
    assert result.rows_stored == 3


def test_without_a_preset_an_unknown_export_reads_as_tsv(store: Store, workspace: Path) -> None:
    assert ingest_file(store, workspace / "orders.tsv").format == "tsv"


def test_unknown_preset_names_the_built_ins(store: Store, workspace: Path) -> None:
    result = ingest_file(store, workspace / "orders.tsv", IngestOptions(preset="nope"))
    assert result.error is not None
    assert "amocrm-deals" in result.error


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = 'x'", "at least one [[events]]"),
        ("[[events]]\ntype = 'track'", "needs a name"),
        ("[[events]]\nname = 'a'\n[properties]\nA = {key = 'a', type = 'date'}", "type must be"),
        ("rest = 'nowhere'\n[[events]]\nname = 'a'", "rest must be"),
        ("[[events]]\nname = 'a'\nrest = 'traits'", "unknown key rest"),
        ("timezone = 'Mars/Base'\n[[events]]\nname = 'a'", "unknown time zone"),
        ("[[events]\n", "not valid TOML"),
    ],
)
def test_bad_presets_say_what_is_wrong(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(IngestError, match=problem.replace("[", r"\[")):
        resolve_preset(str(path))


def test_built_in_presets_have_distinct_names_and_detection() -> None:
    presets = builtin_presets()
    assert len({p.name for p in presets}) == len(presets)
    assert all(p.detect for p in presets)


@pytest.mark.parametrize(
    ("text", "number"),
    [("1 250,50", 1250.5), ("1\u00a0250,50 ₽", 1250.5), ("1250.5", 1250.5), ("3 000", 3000.0),
     ("1,250.50", 1250.5), ("двадцать", None), ("12,4,5", None)],
)  # fmt: skip
def test_russian_numbers(text: str, number: float | None) -> None:
    assert parse_number(text) == number


def test_russian_dates_in_a_zone() -> None:
    assert parse_time("07.11.2026 10:15", "Europe/Moscow") == "2026-11-07T07:15:00.000000Z"
    assert parse_time("2026-11-07T10:15:00+05:00", "Europe/Moscow") == (
        "2026-11-07T05:15:00.000000Z"
    )
    assert parse_time("31.02.2026 10:00", "Europe/Moscow") is None
    assert parse_time("1794031500", "Europe/Moscow") == "2026-11-07T06:05:00.000000Z"
    assert parse_time("1794031500250", "UTC") == "2026-11-07T06:05:00.250000Z"


def test_column_options_rename_a_presets_columns(store: Store) -> None:
    options = IngestOptions(mapping=ColumnMapping(person="Рабочий телефон", time="Дата изменения"))
    ingest_file(store, FIXTURES / "amocrm_deals.csv", options)
    found = rows(store, "SELECT DISTINCT user_id FROM events ORDER BY 1")
    assert found == [("+7 900 123-45-67",), ("+7 901 000-00-01",)]


@pytest.mark.parametrize(
    ("mapping", "problem"),
    [
        (ColumnMapping(person="Почта"), "no column Почта in amocrm_deals.csv"),
        (ColumnMapping(properties=("ID",)), "--property does not apply"),
    ],
)
def test_column_options_that_do_not_fit_are_refused(
    store: Store, mapping: ColumnMapping, problem: str
) -> None:
    result = ingest_file(store, FIXTURES / "amocrm_deals.csv", IngestOptions(mapping=mapping))
    assert result.error is not None
    assert problem in result.error
