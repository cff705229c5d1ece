"""JSON: the map model itself, readable back with `JourneyMap.model_validate`."""

from __future__ import annotations

import json

from journeymap.model import JourneyMap


def render_json(journey: JourneyMap) -> bytes:
    data = journey.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
