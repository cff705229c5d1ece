"""`journeymap diff` of solutions: one readable line per changed field, in English and Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.i18n import use_language
from journeymap.model import parse_map
from journeymap.report.diff_maps import diff_maps
from journeymap.report.diff_text import diff_lines

MAP = """\
journeymap: 1
id: shop
title: Shop
language: {language}
personas: [{{id: marina, name: Marina}}]
stages:
  - id: buy
    name: Buy
    touchpoints: [site]
    emotions: {{marina: 1}}
    opportunities:
      - {{text: Доставка в день заказа, status: {opportunity}}}
    barriers:
      - id: slow-delivery
        text: Доставка дольше недели
        solutions:
          - text: "Показать срок доставки в карточке товара, до оплаты, с датой"
            status: {status}
            owner: {owner}
          - {solution}
touchpoints:
  - {{id: site, name: Site}}
"""


def versions(language: str = "en") -> tuple[str, str]:
    old = MAP.format(
        language=language,
        status="в работе",
        owner="Ирина",
        opportunity="idea",
        solution="Звонок через день",
    )
    new = MAP.format(
        language=language,
        status="готово",
        owner="Олег",
        opportunity="planned",
        solution="Напоминание по SMS",
    )
    return old, new


def lines_in(language: str) -> list[str]:
    old, new = versions()
    diff = diff_maps(parse_map(old).model, parse_map(new).model)
    with use_language(language):
        return diff_lines(diff)


SOLUTION = "Показать срок доставки в карточке товара, до оплаты, с датой"


def test_solution_status_change_is_one_readable_line_in_english() -> None:
    lines = lines_in("en")
    where = "(barrier slow-delivery, stage buy)"
    assert f"~ Solution «{SOLUTION}» {where}: status in-progress → done" in lines
    assert f"~ Solution «{SOLUTION}» {where}: owner Ирина → Олег" in lines
    assert "~ Solution «Доставка в день заказа» (stage buy): status idea → planned" in lines
    assert (
        f"~ Solution «Напоминание по SMS» {where}: text Звонок через день → Напоминание по SMS"
        in (lines)
    )
    assert not any("{" in line for line in lines)  # no JSON


def test_solution_status_change_in_russian_uses_the_marketers_words() -> None:
    lines = lines_in("ru")
    where = "(барьер slow-delivery, этап buy)"
    assert f"~ Решение «{SOLUTION}» {where}: статус в работе → готово" in lines
    assert "~ Решение «Доставка в день заказа» (этап buy): статус идея → запланировано" in lines
    assert lines[0].endswith(": 2 изменено, 1 переименован")


def test_long_solution_text_is_cut_with_an_ellipsis_not_json() -> None:
    old, new = versions()
    long_text = "очень длинное решение " * 10
    diff = diff_maps(
        parse_map(old.replace(SOLUTION, long_text.strip())).model,
        parse_map(new.replace(SOLUTION, long_text.strip())).model,
    )
    with use_language("en"):
        line = next(line for line in diff_lines(diff) if "in-progress → done" in line)
    assert "…»" in line


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Solution «Доставка в день заказа» (stage buy): status idea → planned"),
        ("ru", "Решение «Доставка в день заказа» (этап buy): статус идея → запланировано"),
    ],
)
def test_cli_diff_speaks_the_maps_language(tmp_path: Path, language: str, expected: str) -> None:
    old, new = versions(language)
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert expected in result.output
    result = CliRunner().invoke(
        app, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "--json"]
    )
    assert '"field": "status"' in result.output
