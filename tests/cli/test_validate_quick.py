"""`journeymap validate` answers the same whether the quick check or the full load decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from journeymap.cli import maps_cmd
from journeymap.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
MAPS = [
    ROOT / "examples/seed-shop/maps/seed-shop.en.yaml",
    ROOT / "examples/travel/maps/travel.ru.yaml",
    ROOT / "src/journeymap/templates/maps/retail.ru.yaml",
]
runner = CliRunner()


def _answers(arguments: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, arguments)
    return result.exit_code, result.output


@pytest.mark.parametrize("as_json", [[], ["--json"]], ids=["text", "json"])
def test_the_quick_and_the_full_way_answer_alike(
    as_json: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    arguments = ["validate", *as_json, *map(str, MAPS)]
    decided = []
    real = maps_cmd._quickly_valid
    monkeypatch.setattr(maps_cmd, "_quickly_valid", lambda f: decided.append(f) or real(f))
    quick = _answers(arguments)
    assert len(decided) == len(MAPS)
    monkeypatch.setattr(maps_cmd, "_quickly_valid", lambda _file: False)
    assert quick == _answers(arguments)
    assert quick[0] == 0


def test_a_map_named_in_an_effect_kpi_needs_its_chain(tmp_path: Path) -> None:
    shop = tmp_path / "shop.yaml"
    shop.write_text(MAPS[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert not maps_cmd._quickly_valid(shop)  # no automations beside it: the full way reports
    code, output = _answers(["validate", str(shop)])
    assert code == 1
    assert "unknown chain 'cart-reminder'" in output
    (tmp_path / "automations").mkdir()
    (tmp_path / "automations" / "cart.yaml").write_text("id: cart-reminder\n", encoding="utf-8")
    assert maps_cmd._quickly_valid(shop)
    assert _answers(["validate", str(shop)])[0] == 0
