"""JSON Schema of the map format, for editors (YAML language server) and docs."""

from __future__ import annotations

from typing import Any

from journeymap.model.journey import JourneyMap

SCHEMA_ID = "https://journeymap.dev/schema/map-v1.json"


def map_json_schema() -> dict[str, Any]:
    schema = JourneyMap.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
