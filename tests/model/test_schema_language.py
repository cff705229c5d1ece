"""`journeymap schema` and the format reference speak the run's language: every description of
the map format comes from the catalog (context `schema`), Russian with `--lang ru`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from journeymap.cli.app import app
from journeymap.i18n import use_language
from journeymap.model.reference import format_reference
from journeymap.model.schema import map_json_schema
from journeymap.model.schema_text import describe, schema_key, schema_messages

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples/seed-shop/maps/seed-shop.en.yaml"


def _descriptions(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _descriptions(item)


def test_english_schema_carries_every_docstring() -> None:
    schema = map_json_schema("en")
    assert {schema_key(text) for text in _descriptions(schema)} == set(schema_messages())
    assert not any(CYRILLIC.search(text) for text in _descriptions(schema) if "`" not in text)
    goal = schema["properties"]["goal"]["description"]
    assert goal == "The business goal the map serves; the method starts with it."


def test_loading_a_map_does_not_read_the_docstrings(tmp_path: Path) -> None:
    # Tokenizing the models' source costs every command 0.04 s: only schema and docs pay it.
    code = (
        "from journeymap.model import JourneyMap, load_document; "
        f"load_document({str(EXAMPLE)!r}); "
        "assert JourneyMap.model_fields['goal'].description is None; "
        "from journeymap.model.schema import map_json_schema; "
        "assert map_json_schema('en')['properties']['goal']['description']; "
        "assert JourneyMap.model_fields['goal'].description"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr


def test_every_russian_description_is_russian() -> None:
    english = list(_descriptions(map_json_schema("en")))
    russian = list(_descriptions(map_json_schema("ru")))
    assert len(russian) == len(english) > 150
    assert all(CYRILLIC.search(text) for text in russian if not text.startswith("`marina"))
    assert "Версия формата файла карты." in russian


def test_the_messages_cover_every_description() -> None:
    messages = set(schema_messages())
    assert len(messages) > 150
    with use_language("ru"):
        for text in messages:
            assert describe(text) != text, text


def test_an_unknown_description_stays_as_written() -> None:
    with use_language("ru"):
        assert describe("Not in the catalog.\n  Second line.") == (
            "Not in the catalog.\n  Second line."
        )


def test_cli_schema_in_russian() -> None:
    result = runner.invoke(app, ["--lang", "ru", "schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["properties"]["goal"]["description"].startswith("Бизнес-цель")
    english = json.loads(runner.invoke(app, ["--lang", "en", "schema"]).stdout)
    assert english["properties"]["goal"]["description"].startswith("The business goal")


def test_cli_reference_in_russian() -> None:
    result = runner.invoke(app, ["--lang", "ru", "schema", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout == format_reference("ru")
    assert result.stdout.startswith("# Справочник формата карты")
    assert "| ключ | тип | по умолчанию | значение |" in result.stdout
    assert "**обязательно**" in result.stdout


def test_making_the_schema_rebuilds_no_model_class() -> None:
    """A rebuild would leave a model without its validator for a moment, and a map validated
    in another thread (a web request beside one asking for the schema) would fail."""
    from journeymap.model.schema_text import map_models

    validators = {model: model.__pydantic_validator__ for model in map_models()}
    map_json_schema("ru")
    format_reference("en")
    assert all(model.__pydantic_validator__ is v for model, v in validators.items())
