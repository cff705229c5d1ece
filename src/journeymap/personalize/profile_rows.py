"""One profile row from the per-person results of the profile queries (`profile_build`)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from journeymap.model.journey import JourneyMap
from journeymap.personalize.profile_settings import ProfileSettings
from journeymap.personalize.send_hour import Histogram, send_hours

Row = dict[str, Any]
SCORE_DIGITS = 6


class PersonParts:
    """Everything the profile queries returned for one person."""

    def __init__(self, base: Row) -> None:
        self.base = base
        self.single: dict[str, Row] = {}
        self.lists: dict[str, list[Row]] = defaultdict(list)
        self.segment_hours: dict[str, Histogram] = {}
        self.everyone_hours: dict[str, Histogram] = {}

    def add(self, part: str, row: Row) -> None:
        if part in ("history", "items", "categories", "preferences", "hours"):
            self.lists[part].append(row)
        else:
            self.single[part] = row

    @property
    def person(self) -> str:
        return str(self.base["person"])

    @property
    def segment(self) -> str | None:
        found = self.single.get("segment")
        return None if found is None else str(found["segment"])


def profile_row(
    parts: PersonParts, journey: JourneyMap | None, settings: ProfileSettings, stamp: datetime
) -> Row:
    """The person's row of the `profiles` table."""
    stage = parts.single.get("stage", {})
    rfm = parts.single.get("rfm", {})
    traits = _traits(parts.single.get("traits"))
    chosen = {str(r["kind"]): str(r["value"]) for r in parts.lists["preferences"]}
    hours = _own_hours(parts.lists["hours"])
    timezone = traits.get("timezone")
    return {
        "person_id": parts.person,
        "map_id": journey.id if journey is not None else None,
        "stage": stage.get("stage"),
        "stage_since": _time(stage.get("stage_since")),
        "last_touchpoint": stage.get("touchpoint"),
        "last_seen": parts.base["last_seen"],
        "events": int(parts.base["events"]),
        "stage_history": _json(_history(parts.lists["history"], journey)),
        "interests": _json(
            {
                "items": _ranked(parts.lists["items"]),
                "categories": _ranked(parts.lists["categories"]),
            }
        ),
        "traits": _json(traits),
        "segment": parts.segment,
        "recency_days": _round(rfm.get("recency_days")),
        "frequency": int(rfm.get("frequency") or 0),
        "monetary": _round(rfm.get("monetary")) if rfm else 0.0,
        "r_score": rfm.get("r_score"),
        "f_score": rfm.get("f_score"),
        "m_score": rfm.get("m_score"),
        "preferred_channel": chosen.get("channel"),
        "preferred_device": chosen.get("device"),
        "preferred_language": chosen.get("language") or _text(traits.get("language")),
        "timezone": _text(timezone) or chosen.get("timezone"),
        "send_hours": _json(
            {
                channel: hour.as_dict()
                for channel, hour in send_hours(
                    hours, parts.segment_hours, parts.everyone_hours, settings
                ).items()
            }
        ),
        "watermark": parts.base["watermark"],
        "computed_at": stamp,
    }


def _history(rows: list[Row], journey: JourneyMap | None) -> list[Row]:
    order = {stage.id: k for k, stage in enumerate(journey.stages)} if journey else {}
    names = {stage.id: stage.name for stage in journey.stages} if journey else {}
    ordered = sorted(rows, key=lambda r: (r["first_at"], order.get(r["stage"], 0)))
    return [
        {
            "stage": r["stage"],
            "name": names.get(r["stage"], r["stage"]),
            "first_at": _iso(r["first_at"]),
            "last_at": _iso(r["last_at"]),
            "stays": int(r["stays"]),
            "seconds": None if r["seconds"] is None else float(r["seconds"]),
        }
        for r in ordered
    ]


def _ranked(rows: list[Row]) -> list[Row]:
    return [
        {"id": r["key"], "score": round(float(r["score"]), SCORE_DIGITS)}
        for r in sorted(rows, key=lambda r: int(r["rank"]))
    ]


def _own_hours(rows: list[Row]) -> dict[str, Histogram]:
    found: dict[str, Histogram] = defaultdict(dict)
    for row in rows:
        found[str(row["channel"])][int(row["hour"])] = int(row["n"])
    return dict(found)


def _traits(row: Row | None) -> dict[str, Any]:
    if row is None or not row.get("traits"):
        return {}
    try:
        value = json.loads(row["traits"])
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), SCORE_DIGITS)


def _time(seconds: Any) -> datetime | None:
    if seconds is None:
        return None
    return datetime.fromtimestamp(float(seconds), UTC).replace(tzinfo=None)


def _iso(seconds: Any) -> str | None:
    moment = _time(seconds)
    return None if moment is None else moment.isoformat()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
