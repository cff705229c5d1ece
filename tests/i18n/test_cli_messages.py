"""`validate` and `lint` speak English by default and Russian with `--lang ru`, message by
message; the workspace, the map and the locale choose the language when `--lang` is not given."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from journeymap.cli.app import app
from journeymap.i18n import use_language
from journeymap.lint import RULES
from journeymap.model import MapError
from journeymap.model.workspace import load_workspace
from tests.lint.mapbuilder import TODAY, as_text
from tests.lint.test_rules import CASES as LINT_CASES

runner = CliRunner()
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def _run(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def _replace(old: str, new: str) -> str:
    text = as_text()
    assert old in text
    return text.replace(old, new, 1)


# case: (map text, what English output says, what Russian output says)
VALIDATE_CASES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "unknown key": (
        _replace("severity: high", "severty: high"),
        ("unknown key 'severty'", "(hint: did you mean 'severity'?)"),
        ("неизвестный ключ 'severty'", "(подсказка: возможно, имелось в виду 'severity'?)"),
    ),
    "emotion outside the scale": (
        _replace("marina: 1", "marina: 5"),
        ("5 is outside -2..+2",),
        ("5 вне шкалы -2..+2",),
    ),
    "emotion not a number": (
        _replace("marina: 1", "marina: joy"),
        ("'joy' is a word, not a score", "marina: {score: +2, label: joy}"),
        ("'joy' — слово, а не оценка", "marina: {score: +2, label: joy}"),
    ),
    "required key": (
        _replace("name: Cart\n", "\n"),
        ("'name' is required", "add `name:` here"),
        ("нужен ключ 'name'", "добавьте здесь `name:`"),
    ),
    "value not allowed": (
        _replace("severity: high", "severity: huge"),
        ("'huge' is not allowed", "use one of: 'low', 'medium', 'high', 'critical'"),
        (
            "значение 'huge' недопустимо",
            "используйте одно из: 'low', 'medium', 'high', 'critical' "
            "(или по-русски: низкий, средний, высокий, критично)",
        ),
    ),
    "cyrillic id": (
        _replace("id: seed-shop", "id: Первая-покупка"),
        ("has the wrong form", "write 'pervaya-pokupka' instead"),
        ("неверная форма", "напишите 'pervaya-pokupka'"),
    ),
    "bad id": (
        _replace("id: seed-shop", "id: -shop"),
        ("'-shop' has the wrong form", "e.g. first-purchase"),
        ("у значения '-shop' неверная форма", "например first-purchase"),
    ),
    "not a date": (
        re.sub(r"reviewed: \S+", "reviewed: yesterday", as_text(), count=1),
        ("'yesterday' is not a date", "write dates as YYYY-MM-DD"),
        ("'yesterday' не дата", "пишите даты как ГГГГ-ММ-ДД"),
    ),
    "dangling touchpoint": (
        _replace("touchpoints:\n      - catalog\n", "touchpoints:\n      - catalogue\n"),
        ("touchpoint 'catalogue' is not defined in `touchpoints`", "did you mean 'catalog'?"),
        ("точка контакта 'catalogue' не описана в `touchpoints`", "имелось в виду 'catalog'?"),
    ),
    "dangling persona": (
        _replace("marina: 1", "marnia: 1"),
        ("persona 'marnia' is not defined in `personas`",),
        ("персона 'marnia' не описана в `personas`",),
    ),
    "duplicate id": (
        _replace("- id: cart\n", "- id: catalog\n"),
        ("duplicate touchpoint id 'catalog'", "ids must be unique; first used at"),
        ("повторяется идентификатор точки контакта 'catalog'", "впервые использован в"),
    ),
    "age range reversed": (
        _replace("age: 55-62", "age: 62-55"),
        ("age range 62-55 is reversed",),
        ("диапазон возраста 62-55 перевёрнут",),
    ),
    "age not a range": (
        _replace("age: 55-62", "age: old"),
        ("'old' is not an age or an age range like '25-40'",),
        ("'old' не возраст и не диапазон вида '25-40'",),
    ),
    "binding without selector": (
        _replace("- event: Product Viewed", "- {}"),
        ("a binding needs at least one of",),
        ("привязке нужно хотя бы одно из",),
    ),
    "above the maximum": (
        _replace("owner: e-commerce", "owner: e-commerce\n            effort: 9"),
        ("9 is above the maximum 5",),
        ("9 больше максимума 5",),
    ),
    "invalid yaml": (
        _replace("id: seed-shop", "id: [seed-shop"),
        ("invalid YAML:", "check indentation"),
        ("ошибка в YAML:", "проверьте отступы"),
    ),
    "empty file": ("", ("the file is empty",), ("файл пуст",)),
    "not a mapping": ("- a\n- b\n", ("a map file must be a mapping",), ("должен быть словарём",)),
}


def _write(folder: Path, text: str, name: str = "map.yaml") -> Path:
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


@pytest.mark.parametrize("case", sorted(VALIDATE_CASES))
def test_validate_in_english_by_default(tmp_path: Path, case: str) -> None:
    text, english, _ = VALIDATE_CASES[case]
    result = _run("validate", str(_write(tmp_path, text)))
    assert result.exit_code == 1
    assert "error:" in result.output
    for fragment in english:
        assert fragment in result.output
    assert not CYRILLIC.search(result.output.replace("Первая-покупка", ""))


@pytest.mark.parametrize("case", sorted(VALIDATE_CASES))
def test_validate_in_russian_with_lang_ru(tmp_path: Path, case: str) -> None:
    text, _, russian = VALIDATE_CASES[case]
    result = _run("--lang", "ru", "validate", str(_write(tmp_path, text)))
    assert result.exit_code == 1
    assert "ошибка:" in result.output
    for fragment in russian:
        assert fragment in result.output


def test_missing_file_in_both_languages(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    assert "file not found" in _run("validate", missing).output
    assert "файл не найден" in _run("--lang", "ru", "validate", missing).output


def test_valid_maps_in_both_languages(tmp_path: Path) -> None:
    file = str(_write(tmp_path, as_text()))
    assert "ok: 1 map valid" in _run("validate", file).output
    assert "ок: 1 карта без ошибок" in _run("--lang", "ru", "validate", file).output


def test_json_keeps_english_keys_with_russian_messages(tmp_path: Path) -> None:
    file = str(_write(tmp_path, _replace("marina: 1", "marina: 5")))
    data = json.loads(_run("--lang", "ru", "validate", "--json", file).stdout)
    [problem] = data["maps"][0]["problems"]
    assert problem["message"] == "5 вне шкалы -2..+2"
    assert data["valid"] is False


def test_unknown_language_is_a_usage_error() -> None:
    result = _run("--lang", "de", "validate")
    assert result.exit_code == 2
    assert "en, ru" in result.output


def _findings(result: Result, code: str) -> list[dict[str, object]]:
    data = json.loads(result.stdout)
    return [f for r in data["reports"] for f in r["findings"] if f["code"] == code]


@pytest.mark.parametrize("code", sorted(LINT_CASES))
def test_every_lint_rule_speaks_both_languages(tmp_path: Path, code: str) -> None:
    file = str(_write(tmp_path, as_text(LINT_CASES[code][0])))
    base = ("lint", "--today", TODAY.isoformat(), "--format", "json", file)
    english = _findings(_run(*base), code)
    russian = _findings(_run("--lang", "ru", *base), code)
    assert english
    assert len(english) == len(russian)
    for en, ru in zip(english, russian, strict=True):
        assert not CYRILLIC.search(str(en["message"])), en
        assert CYRILLIC.search(str(ru["message"])), ru
        assert (en["hint"] is None) == (ru["hint"] is None)
        if en["hint"] is not None and code != "JM306":  # JM306's hint lists Russian stage names
            assert not CYRILLIC.search(str(en["hint"])), en
        if ru["hint"] is not None:
            assert CYRILLIC.search(str(ru["hint"])), ru


def test_lint_text_output_in_russian(tmp_path: Path) -> None:
    file = str(_write(tmp_path, as_text(LINT_CASES["JM401"][0])))
    result = _run("--lang", "ru", "lint", "--today", TODAY.isoformat(), file)
    assert "JM401 предупреждение у барьера 'delivery-cost' нет решений" in result.output
    assert "подсказка: добавьте `solutions:`" in result.output
    assert "1 файл: 0 ошибок, 1 предупреждение, 0 замечаний" in result.output
    assert "покрытие доказательствами 100\xa0%" in result.output
    english = _run("lint", "--today", TODAY.isoformat(), file).output
    assert "JM401 warning barrier 'delivery-cost' has no solutions" in english
    assert "1 file: 0 errors, 1 warning, 0 info; evidence coverage 100%" in english


def test_list_rules_in_russian() -> None:
    result = _run("--lang", "ru", "lint", "--list-rules", "--json")
    rules = json.loads(result.stdout)
    assert len(rules) == len(RULES)
    for item in rules:
        assert CYRILLIC.search(item["message"]), item
        assert item["severity"] in ("error", "warning", "info")  # JSON keeps the codes
        assert str(item["doc"]).startswith("docs/ru/lint-rules.md#")
    table = _run("--lang", "ru", "lint", "--list-rules").output
    assert "серьёзность" in table
    [coverage] = [item for item in rules if item["code"] == "JM501"]
    assert "меньше 50\xa0% утверждений" in coverage["message"]


def _in_language(text: str, language: str) -> str:
    return text.replace("id: seed-shop", f"id: seed-shop\nlanguage: {language}", 1)


def test_the_map_language_is_used_without_lang(tmp_path: Path) -> None:
    text = _replace("marina: 1", "marina: 5").replace(
        "id: seed-shop", "id: seed-shop\nlanguage: ru"
    )
    file = str(_write(tmp_path, text))
    validate = _run("validate", file).output
    assert "ошибка:" in validate  # the words around the map's messages follow it
    assert "5 вне шкалы -2..+2" in validate
    assert "5 is outside -2..+2" in _run("--lang", "en", "validate", file).output
    lint = _run("lint", "--today", TODAY.isoformat(), str(_write(tmp_path, text, "x.yaml")))
    assert "5 вне шкалы" in lint.output
    assert "1 карта не загрузилась" in lint.output


def test_maps_in_different_languages_keep_their_own_messages(tmp_path: Path) -> None:
    broken = _replace("marina: 1", "marina: 5")
    ru = str(_write(tmp_path, _in_language(broken, "ru"), "ru.yaml"))
    en = str(_write(tmp_path, _in_language(broken, "en"), "en.yaml"))
    output = _run("validate", ru, en).output
    assert "5 вне шкалы -2..+2" in output
    assert "5 is outside -2..+2" in output
    assert "error:" in output  # no one language for the run: the locale's


def test_the_workspace_language_wins_over_the_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "journeymap.toml").write_text('language = "ru"\n', encoding="utf-8")
    (tmp_path / "maps").mkdir()
    text = _replace("marina: 1", "marina: 5").replace(
        "id: seed-shop", "id: seed-shop\nlanguage: en"
    )
    _write(tmp_path / "maps", text)
    monkeypatch.chdir(tmp_path)
    assert "5 вне шкалы -2..+2" in _run("validate").output
    assert "5 is outside -2..+2" in _run("--lang", "en", "validate").output
    lint = _run("lint", "--today", TODAY.isoformat())
    assert "5 вне шкалы" in lint.output
    assert "1 карта не загрузилась" in lint.output


def test_the_locale_is_the_last_resort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = str(_write(tmp_path, _replace("marina: 1", "marina: 5")))
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert "5 вне шкалы -2..+2" in _run("validate", file).output
    assert "5 is outside -2..+2" in _run("--lang", "en", "validate", file).output


def test_lang_does_not_leak_into_the_next_run(tmp_path: Path) -> None:
    file = str(_write(tmp_path, _replace("marina: 1", "marina: 5")))
    _run("--lang", "ru", "validate", file)
    assert "5 is outside -2..+2" in _run("validate", file).output


@pytest.mark.parametrize(
    ("toml", "english", "russian"),
    [
        (
            'langauge = "ru"\n',
            "unknown key 'langauge' (hint: did you mean 'language'?)",
            "неизвестный ключ 'langauge' (подсказка: возможно, имелось в виду 'language'?)",
        ),
        (
            'language = "de"\n',
            "'de' is not allowed (hint: use one of: en, ru)",
            "значение 'de' недопустимо (подсказка: используйте одно из: en, ru)",
        ),
        ("name = [", "invalid TOML:", "ошибка в TOML:"),
    ],
)
def test_workspace_config_errors_in_both_languages(
    tmp_path: Path, toml: str, english: str, russian: str
) -> None:
    (tmp_path / "journeymap.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(MapError) as caught:
        load_workspace(tmp_path)
    assert english in str(caught.value)
    with use_language("ru"):
        with pytest.raises(MapError) as caught:
            load_workspace(tmp_path)
        assert russian in str(caught.value)
