"""JSON Schema of the map format, for editors (YAML language server) and docs."""

from __future__ import annotations

from typing import Any

from journeymap.i18n import use_language
from journeymap.model.schema_text import described_json_schema, translate_schema

SCHEMA_ID = "https://journeymap.dev/schema/map-v1.json"


def map_json_schema(language: str | None = None) -> dict[str, Any]:
    """The schema with its descriptions in `language` (default: the current language)."""
    with use_language(language):
        schema = translate_schema(described_json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
