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


@pytest.mark.parametrize("name", ["seed-shop", "travel", "language-school", "bpi-loan"])
def test_a_workspace_lists_the_same_maps_either_way(name: str) -> None:
    from journeymap.model.quick_check import quick_workspace_maps
    from journeymap.model.workspace import load_workspace

    root = ROOT / "examples" / name
    assert quick_workspace_maps(root) == load_workspace(root).map_paths()


def test_a_workspace_file_with_a_problem_is_read_the_full_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.model.quick_check import quick_workspace_maps

    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "shop.yaml").write_text(MAPS[0].read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "journeymap.toml").write_text('name = "shop"\nmpas = "maps"\n', "utf-8")
    assert quick_workspace_maps(tmp_path) is None
    monkeypatch.chdir(tmp_path)
    code, output = _answers(["validate"])
    assert code == 1
    assert "journeymap.toml" in output
    assert "unknown key 'mpas'" in output
    assert "did you mean 'maps'?" in output
    (tmp_path / "journeymap.toml").write_text('name = "shop"\nmaps = "maps"\n', "utf-8")
    assert quick_workspace_maps(tmp_path) == [tmp_path / "maps" / "shop.yaml"]
