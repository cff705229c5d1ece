"""`journeymap ingest` of Russian sources: one command each, `--preset`, `--user-param`,
`--timezone`, and the Russian message of a preset error."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from journeymap.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "events" / "fixtures" / "ru"


def _ingest(tmp_path: Path, *args: str) -> dict[str, object]:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    result = runner.invoke(app, ["ingest", *args, "--store", url, "--json"])
    assert "Traceback" not in result.output
    data: dict[str, object] = json.loads(result.output)
    data["exit_code"] = result.exit_code
    return data


def test_metrica_and_crm_exports_load_with_one_command(tmp_path: Path) -> None:
    files = [str(FIXTURES / n) for n in ("metrica_visits.tsv", "amocrm_deals.csv")]
    data = _ingest(tmp_path, *files)
    imports = data["imports"]
    assert isinstance(imports, list)
    assert [i["format"] for i in imports] == ["preset", "preset"]
    assert [i["rows_stored"] for i in imports] == [4, 5]
    assert data["exit_code"] == 0
    assert "metrica-visits" in imports[0]["warnings"][0]


def test_preset_user_param_and_timezone_options(tmp_path: Path) -> None:
    data = _ingest(
        tmp_path,
        str(FIXTURES / "amocrm_contacts.csv"),
        "--preset",
        "amocrm-contacts",
        "--user-param",
        "crm_id",
        "--timezone",
        "UTC",
    )
    (imported,) = data["imports"]  # type: ignore[misc]
    assert "dates in UTC" in imported["warnings"][0]


def test_an_unknown_preset_is_refused_in_russian(tmp_path: Path) -> None:
    url = f"duckdb://{tmp_path / 's.duckdb'}"
    args = ["--lang", "ru", "ingest", str(FIXTURES / "amocrm_deals.csv"), "--preset", "my-crm"]
    result = runner.invoke(app, [*args, "--store", url])
    assert result.exit_code == 1
    assert "неизвестный пресет" in result.output
