"""Google Forms and Yandex Forms exports are read without a mapping file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.analytics.feedback.forms import recognise_form
from journeymap.analytics.feedback.ingest import read_feedback
from journeymap.analytics.feedback.mapping import FeedbackMapping

FORMS = Path(__file__).parent / "forms"


def _answers(path: Path, mapping: FeedbackMapping | None = None) -> list[tuple[object, ...]]:
    rows = read_feedback(path, mapping).table.to_pylist()
    return [(r["feedback_id"], r["person_id"], r["kind"], r["score"], r["text"]) for r in rows]


def test_russian_google_forms_export() -> None:
    batch = read_feedback(FORMS / "google_forms_ru.csv")
    assert _answers(FORMS / "google_forms_ru.csv") == [
        (
            "google_forms_ru.csv:1:nps",
            "marina@example.ru",
            "nps",
            9.0,
            "Привезли вовремя, сборщик аккуратный",
        ),
        ("google_forms_ru.csv:1:csat", "marina@example.ru", "csat", 5.0, None),
        (
            "google_forms_ru.csv:2:nps",
            "oleg@example.ru",
            "nps",
            3.0,
            "Диван привезли с царапиной, в поддержке не отвечают",
        ),
        ("google_forms_ru.csv:2:csat", "oleg@example.ru", "csat", 2.0, None),
        ("google_forms_ru.csv:3:nps", "anna@example.ru", "nps", 10.0, None),
        (
            "google_forms_ru.csv:4",
            "ivan@example.ru",
            "text",
            None,
            "Сайт зависал при оплате картой",
        ),
    ]
    assert batch.table.column("timestamp")[0].as_py() == dt.datetime(2026, 11, 7, 10, 15, 32)
    # one rejection per form row, whatever the number of its questions
    assert [(r.row, r.reason.split(" is ")[0]) for r in batch.rejected] == [
        (5, "timestamp '31.11.2026 10:00:00'"),
        (6, "no person id"),
    ]
    assert batch.notes == [
        "column 'Ваш город' was not recognised and is left out; set it with --segment, "
        "--touchpoint, --stage or --text, or --score with --default-kind"
    ]


def test_a_mapped_column_is_placed_and_no_longer_reported() -> None:
    batch = read_feedback(FORMS / "google_forms_ru.csv", FeedbackMapping(segment="Ваш город"))
    assert batch.notes == []
    assert batch.table.column("segment").to_pylist()[:2] == ["Москва", "Москва"]


def test_english_google_forms_download() -> None:
    answers = _answers(FORMS / "google_forms_en.csv")
    assert [(a[2], a[3]) for a in answers] == [
        ("nps", 10.0),
        ("ces", 7.0),
        ("nps", 4.0),
        ("ces", 2.0),
        ("nps", 8.0),
        ("ces", 6.0),
    ]
    assert answers[2][4] == "The checkout kept failing and support never answered"


def test_yandex_forms_export_csv() -> None:
    batch = read_feedback(FORMS / "yandex_forms_ru.csv")
    rows = batch.table.to_pylist()
    assert [(r["feedback_id"], r["kind"], r["score"]) for r in rows] == [
        ("84213901:nps", "nps", 9.0),
        ("84213901:ces", "ces", 6.0),
        ("84213902:nps", "nps", 2.0),
        ("84213902:ces", "ces", 1.0),
        ("84213903:nps", "nps", 6.0),
        ("84213903:ces", "ces", 4.0),
    ]
    assert rows[2]["timestamp"] == dt.datetime(2026, 11, 7, 10, 20)  # "7.11.26 10:20"
    assert rows[0]["person_id"] == "yandex_forms_ru.csv:1"  # no respondent column
    assert [r.row for r in batch.rejected] == [4]  # "вчера"
    assert batch.notes[0].startswith("no respondent column")
    assert "'Как вы узнали о нас?'" in batch.notes[1]  # a choice question, not free text


def test_yandex_forms_export_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Время создания", "Насколько вы довольны покупкой?", "Что нам улучшить?"])
    sheet.append([501, dt.datetime(2026, 11, 7, 10, 15), 4, "Долго ждал звонка"])
    sheet.append([502, dt.datetime(2026, 11, 8, 9, 0), 5, None])
    book.save(tmp_path / "yandex.xlsx")
    rows = read_feedback(tmp_path / "yandex.xlsx").table.to_pylist()
    assert [(r["feedback_id"], r["timestamp"], r["kind"], r["score"], r["text"]) for r in rows] == [
        ("501:csat", dt.datetime(2026, 11, 7, 10, 15), "csat", 4.0, "Долго ждал звонка"),
        ("502:csat", dt.datetime(2026, 11, 8, 9, 0), "csat", 5.0, None),
    ]


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Насколько вероятно, что вы порекомендуете нас друзьям?", "nps"),
        ("How likely are you to recommend us to a friend?", "nps"),
        ("Насколько вы удовлетворены обслуживанием?", "csat"),
        ("How satisfied were you with the delivery?", "csat"),
        ("Насколько легко было решить ваш вопрос?", "ces"),
        ("How easy was it to get help?", "ces"),
        ("Оцените работу курьера", "rating"),
    ],
)
def test_score_questions_by_their_wording(header: str, kind: str) -> None:
    layout = recognise_form([header], [{header: "3"}, {header: "5"}])
    assert layout.scores == {header: kind}


def test_score_wording_with_answers_off_the_scale_is_left_to_the_user() -> None:
    header = "Оцените нас от 0 до 10"
    layout = recognise_form([header], [{header: "0"}, {header: "10"}])
    assert (layout.scores, layout.unplaced) == ({}, [header])


def test_cli_ingests_a_form_and_names_the_unplaced_column(tmp_path: Path) -> None:
    from journeymap.cli.app import app

    shutil.copy(FORMS / "google_forms_ru.csv", tmp_path)
    store = f"duckdb://{tmp_path / 'store.duckdb'}"
    result = CliRunner().invoke(
        app,
        [
            "--lang",
            "ru",
            "feedback",
            "ingest",
            str(tmp_path / "google_forms_ru.csv"),
            "--store",
            store,
            "--timezone",
            "Europe/Moscow",
        ],
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "столбец 'Ваш город' не распознан" in output
    assert "--segment" in output
    assert "прочитано 6 ответов" in output
    bad = CliRunner().invoke(
        app,
        [
            "feedback",
            "ingest",
            str(tmp_path / "google_forms_ru.csv"),
            "--store",
            store,
            "--timezone",
            "Mars/Olympus",
        ],
    )
    assert bad.exit_code == 2
