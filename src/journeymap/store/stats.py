"""`store_stats`: what a store holds (the data behind `journeymap stats`), on any backend."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import ibis

from journeymap.store.arrow import to_arrow, to_scalar
from journeymap.store.store import Store


def _rows(table: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = to_arrow(table).to_pylist()
    return rows


def _scalar(expr: Any) -> Any:
    return to_scalar(expr)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def store_stats(store: Store) -> dict[str, Any]:
    """Counts of events, persons, identities and quarantined rows (by reason), event names,
    the time range and the imports, as plain JSON-ready data."""
    events = store.events()
    quarantine = store.table("quarantine")
    by_reason = quarantine.group_by("reason").aggregate(rows=quarantine.count())
    name = ibis.ifelse(events.event.isnull(), "(" + events.type + ")", events.event)
    names = events.group_by(name=name).aggregate(rows=events.count())
    imports = store.table("imports").order_by("finished_at")
    span = events.aggregate(first=events.timestamp.min(), last=events.timestamp.max())
    first_last = _rows(span)[0]
    return {
        "store": store.url,
        "engine": store.engine,
        "schema_version": store.schema_version,
        "events": int(_scalar(events.count())),
        "persons": int(_scalar(store.table("persons").count())),
        "identities": int(_scalar(store.table("identities").count())),
        "quarantined": {
            "total": int(_scalar(quarantine.count())),
            "by_reason": {
                row["reason"]: row["rows"]
                for row in sorted(_rows(by_reason), key=lambda r: (-r["rows"], r["reason"]))
            },
        },
        "event_names": {
            row["name"]: row["rows"]
            for row in sorted(_rows(names), key=lambda r: (-r["rows"], str(r["name"])))
        },
        "first_timestamp": _iso(first_last["first"]),
        "last_timestamp": _iso(first_last["last"]),
        "imports": [
            {
                "file": row["file"],
                "format": row["format"],
                "source": row["source"],
                "checksum": row["checksum"],
                "rows_read": row["rows_read"],
                "rows_stored": row["rows_stored"],
                "rows_duplicate": row["rows_duplicate"],
                "rows_quarantined": row["rows_quarantined"],
                "started_at": _iso(row["started_at"]),
                "finished_at": _iso(row["finished_at"]),
            }
            for row in _rows(imports)
        ],
    }
