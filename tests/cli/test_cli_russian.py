"""Help and output of the converted commands in Russian: `--lang ru` (read before the eager
`--help`), the locale, and English again in the same process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.cli.help_language import requested_language
from tests.cli.test_ingest_stats_cmd import EVENTS
from tests.cli.test_profiles_cmd import EVENTS as PROFILE_EVENTS

runner = CliRunner()
ENGLISH_ENV = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    result = runner.invoke(app, list(args), env=env or ENGLISH_ENV)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def flat(text: str) -> str:
    """The output without the table frame and line breaks, so a wrapped sentence matches."""
    return " ".join(text.replace("│", " ").split())


def test_funnel_help_is_russian_with_lang_ru_and_english_again_after() -> None:
    russian = invoke("--lang", "ru", "analyze", "funnel", "--help")
    assert russian.exit_code == 0, russian.output
    text = flat(russian.output)
    assert "Конверсия по шагам воронки в пределах окна времени" in text
    assert "Время от первого шага до последнего." in text  # an option's help
    assert "Показать эту справку и выйти." in text  # Click's own --help text
    assert "Conversion through ordered steps" not in text
    assert "─ Опции ─" in russian.output  # Typer's own panel titles
    assert "[обязательно]" in text
    english = flat(invoke("analyze", "funnel", "--help").output)
    assert "Conversion through ordered steps within a time window" in english
    assert "Time from step 1 to the last step." in english
    assert "Конверсия" not in english
    assert "─ Options ─" in english


def test_root_help_reads_lang_before_the_eager_help_option() -> None:
    text = flat(invoke("--lang=ru", "--help").output)
    assert "Карты пути клиента (CJM) как код" in text
    assert "Показать версию и выйти." in text
    assert "Проверить карты по методике CJM" in text  # the lint summary in the command list


def test_the_locale_chooses_the_language_of_help() -> None:
    env = {**ENGLISH_ENV, "LANG": "ru_RU.UTF-8"}
    text = flat(invoke("analyze", "--help", env=env).output)
    assert "Измерить путь клиента по событиям" in text
    assert "Конверсия по шагам воронки" in text  # a subcommand's summary in the list


@pytest.mark.parametrize(
    ("args", "language"),
    [
        (["--lang", "ru", "lint"], "ru"),
        (["--lang=en", "--help"], "en"),
        (["--lang", "de", "lint"], None),
        (["lint", "--lang", "ru"], None),  # an option of journeymap itself, not of a command
        (["--version"], None),
    ],
)
def test_requested_language_reads_only_the_root_option(
    args: list[str], language: str | None
) -> None:
    assert requested_language(args) == language


@pytest.fixture
def store(tmp_path: Path) -> str:
    events = tmp_path / "events.jsonl"
    events.write_text(EVENTS + "\n", encoding="utf-8")
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    assert invoke("ingest", str(events), "--store", url, "--json").exit_code == 0
    return url


@pytest.mark.filterwarnings("ignore:fetch_arrow_table\\(\\) is deprecated:DeprecationWarning")
def test_funnel_and_stats_output_in_russian(store: str) -> None:
    funnel = invoke(
        "--lang", "ru", "analyze", "funnel", "Product Viewed", "Order Completed", "--store", store
    )
    assert funnel.exit_code == 0, funnel.output
    text = flat(funnel.output)
    assert "Воронка (ordered, окно 14d)" in text
    assert "от предыдущего" in text
    assert "100,0 %" in text  # the Russian percent: decimal comma, space before %
    assert "Конвертировались: 1; время до конверсии: медиана 1,0 д" in text
    stats = flat(invoke("--lang", "ru", "stats", "--store", store).output)
    assert "событий 3 · людей 1 · идентификаторов 2 · в карантине 1" in stats
    assert "Имена событий" in stats
    english = flat(invoke("stats", "--store", store).output)
    assert "events 3 · persons 1 · identities 2 · quarantined 1" in english


def test_ingest_summary_and_report_help_in_russian(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(EVENTS + "\n", encoding="utf-8")
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    result = invoke("--lang", "ru", "ingest", str(events), "--store", url)
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "сохранено новых событий: 3, в карантине: 1, пропущено дубликатов: 0" in text
    assert "в карантине строк: 1 из" in text
    report = flat(invoke("--lang", "ru", "report", "--help").output)
    assert "Измерить карту по событиям из хранилища" in report
    assert "Первый день данных (ГГГГ-ММ-ДД)." in report


def test_init_output_in_russian(tmp_path: Path) -> None:
    result = invoke("--lang", "ru", "init", str(tmp_path / "ws"))
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "создана рабочая область" in text
    assert "дальше: cd" in text


def test_help_with_values_is_translated_with_its_values() -> None:
    text = flat(invoke("--lang", "ru", "render", "--help").output)
    assert "Один из: html, svg" in text
    assert "Язык встроенных подписей (en|ru)" in text
    assert "One of:" not in text
    assert "One of: html, svg" in flat(invoke("render", "--help").output)


def test_diff_help_and_snapshot_table_in_russian(tmp_path: Path) -> None:
    help_text = flat(invoke("--lang", "ru", "diff", "--help").output)
    assert "Сравнить две версии карты" in help_text
    assert "Вывести изменения в JSON для скриптов." in help_text
    snapshots = []
    for name, value in (("old", 0.4), ("new", 0.6)):
        kpi = {"value": value, "name": "K", "unit": None, "measure": "m", "target": 0.5}
        kpi |= {"direction": "increase", "status": "met" if value > 0.5 else "not met"}
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"map": "shop", "at": None, "kpis": {"k": kpi}}), "utf-8")
        snapshots.append(str(path))
    russian = flat(invoke("--lang", "ru", "diff", *snapshots).output)
    assert "+20,0 п. п." in russian
    assert "лучше" in russian
    assert "нет -> да" in russian
    english = flat(invoke("diff", *snapshots).output)
    assert "+20.0 pp" in english
    assert "no -> yes" in english


def test_feedback_help_and_ingest_summary_in_russian(tmp_path: Path) -> None:
    help_text = flat(invoke("--lang", "ru", "feedback", "scores", "--help").output)
    assert "NPS, CSAT, CES и оценки по шкале" in help_text
    assert "Группировать по (можно повторять): touchpoint, stage" in help_text
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "person,at,kind,score\na,2025-01-01T10:00:00Z,nps,10\nb,2025-01-01T11:00:00Z,nps,2\n"
        "c,yesterday,nps,3\n",
        encoding="utf-8",
    )
    url = f"duckdb://{tmp_path / 'f.duckdb'}"
    columns = ["--person", "person", "--timestamp", "at", "--kind", "kind", "--score", "score"]
    russian = invoke("--lang", "ru", "feedback", "ingest", str(answers), *columns, "--store", url)
    text = flat(russian.output)
    assert "прочитано 2 ответа, сохранено: 2, отклонено: 1" in text
    assert "отклонённые строки: 3" in text
    scores = flat(invoke("--lang", "ru", "feedback", "scores", "--store", url).output)
    assert "ответов" in scores
    assert "95-процентный интервал" in scores


def test_profiles_summary_and_profile_in_russian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "shop"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "seed-shop", root)
    monkeypatch.chdir(root)
    events = root / "events.jsonl"
    events.write_text("".join(json.dumps(e) + "\n" for e in PROFILE_EVENTS), encoding="utf-8")
    assert invoke("ingest", str(events)).exit_code == 0
    summary = flat(invoke("--lang", "ru", "profiles").output)
    assert "профили рассчитаны: записано 2, всего в хранилище 2" in summary
    assert "товаров нет в каталоге: 1 (в событиях: 1)" in summary
    profile = flat(invoke("--lang", "ru", "profiles", "a1").output)
    assert "событий 2 · последняя активность" in profile
    assert "Часы отправки" in profile
    assert "товар" in profile
    assert "Send hours" in flat(invoke("profiles", "a1").output)


def test_evaluate_errors_in_russian() -> None:
    result = invoke("--lang", "ru", "evaluate", "-m", "no-such-model")
    assert result.exit_code == 2
    text = flat(result.output)
    assert "неизвестная модель: no-such-model" in text
    assert "известные: popularity" in text
    assert "Длина ранжированных списков." in flat(
        invoke("--lang", "ru", "evaluate", "--help").output
    )


def test_demo_recommendation_lines_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    from types import SimpleNamespace

    from journeymap.cli.demo_cmd import _print_recommendations
    from journeymap.i18n import use_language
    from journeymap.report.demo_recommend import DemoRecommendations

    picks = DemoRecommendations(
        person="p7", stage="research", stage_name="Выбор", role="explore", items=[]
    )
    result = SimpleNamespace(recommendations=picks)
    with use_language("ru"):
        _print_recommendations(result)  # type: ignore[arg-type]
    russian = flat(capsys.readouterr().out)
    assert "симулированному клиенту p7 на этапе Выбор (explore) рекомендуется:" in russian
    assert "(journeymap recommend p7 покажет больше)" in russian
    _print_recommendations(result)  # type: ignore[arg-type]
    english = flat(capsys.readouterr().out)
    assert "simulated customer p7 at stage Выбор (explore) is recommended:" in english


def test_costs_help_and_import_summary_in_russian(tmp_path: Path) -> None:
    help_text = flat(invoke("--lang", "ru", "costs", "import", "--help").output)
    assert "Файл курсов валют (currency,rate,to)" in help_text
    costs = Path(__file__).parents[1] / "events" / "fixtures" / "costs" / "yandex_direct_wizard.csv"
    url = f"duckdb://{tmp_path / 'c.duckdb'}"
    result = invoke("--lang", "ru", "costs", "import", str(costs), "--store", url)
    assert result.exit_code == 0, result.output
    assert "(yandex-direct): сохранено строк расходов:" in flat(result.output)


def test_automations_effect_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    from journeymap.cli.automations_effect_cmd import print_effect
    from journeymap.experiments.results import Effect
    from journeymap.i18n import use_language
    from journeymap.orchestrate.effect import Arm, ChainEffect

    effect = Effect("z", 0.125, 0.05, 0.2, 0.5, 0.1, 0.9, 2.0, 0.04, 0.05)
    result = ChainEffect(
        "cart", "Order Completed", 86400.0, "treated", Arm(2000, 500), Arm(1000, 125), 3, 1, effect
    )
    with use_language("ru"):
        print_effect(result)
    russian = flat(capsys.readouterr().out)
    assert "2 000" in russian  # persons in the Russian number format
    assert "25,0 %" in russian
    assert "+12,5 п. п." in russian
    assert "3 человека тестовой группы не получили ни одного сообщения" in russian
    assert "1 вход ещё в окне цели" in russian
    assert "p = 0,04" in russian
    print_effect(result)
    english = flat(capsys.readouterr().out)
    assert "2,000" in english
    assert "lift +12.5 pp (95% CI +5.0 to +20.0)" in english
    assert "1 entry is still within the goal window (not counted)" in english


def test_the_missing_store_error_and_privacy_counts_in_russian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: str
) -> None:
    monkeypatch.chdir(tmp_path)  # no journeymap.toml here or above
    missing = invoke("--lang", "ru", "stats")
    assert missing.exit_code == 2
    text = flat(missing.output)
    assert "нет хранилища: ни в этой папке, ни выше нет journeymap.toml" in text
    assert "сначала выполните `journeymap init`" in text
    deleted = flat(invoke("--lang", "ru", "privacy", "delete", "u1", "--store", store).output)
    assert "удалено строк клиента u1: 8" in deleted
    assert "events: 3" in deleted


def test_ingest_progress_columns_in_russian(tmp_path: Path) -> None:
    from journeymap.cli.ingest_progress import _rows, _speed, file_bars
    from journeymap.i18n import use_language

    with use_language("ru"):
        assert _rows(3) == "3 строки"
        assert _speed(12500).replace("\xa0", " ") == "12 500 строк/с"
        events = tmp_path / "e.jsonl"
        events.write_text(EVENTS + "\n", encoding="utf-8")
        with file_bars(True) as bars:
            assert bars is not None
            update = bars.for_file(events)
            update(10, 0)
            update(events.stat().st_size, 4)  # the fields render without an error
    assert _rows(1) == "1 row"
    assert _speed(12500) == "12,500 rows/s"


def test_usage_and_default_words_of_help_in_russian() -> None:
    russian = flat(invoke("--lang", "ru", "analyze", "funnel", "--help").output)
    assert "Использование:" in russian
    assert "[по умолчанию: 14d]" in russian
    english = flat(invoke("analyze", "funnel", "--help").output)
    assert "Usage:" in english
    assert "[default: 14d]" in english
    assert "Использование" not in english
