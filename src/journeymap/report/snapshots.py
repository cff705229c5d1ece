"""KPI snapshots: one JSON file per report run, so the report can show trends across runs.

The store has no generic table API, so snapshots live beside it in the workspace:
`.journeymap/snapshots/<map id>/<UTC time>.json`, each `{map, at, segment, kpis: {id: {value,
persons, name, stage, unit, measure, target, direction, status}}, stages: {id: {name, persons,
conversion_to_next, median_seconds}}}`. Snapshots written before `stages` and the KPI's target
and direction were kept hold `kpis: {id: {value, persons}}` only; readers treat the rest as unknown.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from journeymap.analytics.kpi import KPIResult
from journeymap.analytics.stages import StageMetrics
from journeymap.model import JourneyMap

SNAPSHOT_DIR = Path(".journeymap") / "snapshots"


def snapshot_folder(root: Path, map_id: str) -> Path:
    return root / SNAPSHOT_DIR / map_id


def save_snapshot(
    folder: Path,
    map_id: str,
    at: str,
    kpis: list[KPIResult],
    segment: str | None,
    *,
    stages: StageMetrics | None = None,
    design: str | None = None,
) -> Path:
    """`design` is the map's `design_digest`, so that trends can tell a changed map apart."""
    folder.mkdir(parents=True, exist_ok=True)
    data = snapshot_record(map_id, at, kpis, segment, stages=stages, design=design)
    target = folder / f"{at.replace(':', '-')}.json"
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def snapshot_record(
    map_id: str,
    at: str,
    kpis: list[KPIResult],
    segment: str | None,
    *,
    stages: StageMetrics | None = None,
    design: str | None = None,
) -> dict[str, Any]:
    """What `save_snapshot` writes, without writing it (the read API's reports save none)."""
    return {
        "map": map_id,
        "at": at,
        "segment": segment,
        "design": design,
        "kpis": {k.kpi: _kpi_entry(k) for k in kpis},
        "stages": {
            row.stage: {
                "name": row.name,
                "persons": row.persons,
                "conversion_to_next": row.conversion_to_next,
                "median_seconds": row.median_seconds,
            }
            for row in (stages.stages if stages else [])
        },
    }


def design_digest(journey: JourneyMap) -> str:
    """A short fingerprint of the map's content: equal maps, equal digests."""
    text = journey.model_dump_json(exclude_none=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _kpi_entry(result: KPIResult) -> dict[str, Any]:
    return {
        "value": result.value,
        "persons": result.persons,
        "name": result.name,
        "stage": result.stage,
        "unit": result.unit,
        "measure": result.measure,
        "target": result.target,
        "direction": result.direction,
        "status": result.status,
    }


def _saved(folder: Path) -> Iterator[Any]:
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            yield json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged snapshot must not stop the report


def load_trends(
    folder: Path, segment: str | None, *, latest: dict[str, Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """KPI id -> [{at, value, name, unit, measure, target}] from the snapshots of the same
    segment, oldest first, and then `latest` (a `snapshot_record` not saved). A run equal to the
    run before it in data (KPI values, stage figures) and design (the map's digest) adds nothing
    to a trend and is left out."""
    trends: dict[str, list[dict[str, Any]]] = {}
    previous: str | None = None
    for data in itertools.chain(_saved(folder), [latest] if latest is not None else []):
        if not isinstance(data, dict) or data.get("segment") != segment:
            continue
        found = data.get("kpis")
        kpis: dict[str, Any] = found if isinstance(found, dict) else {}
        fingerprint = json.dumps(
            [data.get("design"), _values(kpis), data.get("stages")], sort_keys=True, default=str
        )
        if fingerprint == previous:
            continue
        previous = fingerprint
        for kpi_id, entry in kpis.items():
            value = entry.get("value") if isinstance(entry, dict) else None
            if value is not None:
                trends.setdefault(str(kpi_id), []).append(
                    {
                        "at": data.get("at"),
                        "value": value,
                        **{k: entry.get(k) for k in ("name", "unit", "measure", "target")},
                    }
                )
    return trends


def _values(kpis: dict[str, Any]) -> dict[str, Any]:
    return {
        str(k): (round(v["value"], 9) if isinstance(v.get("value"), float) else v.get("value"))
        for k, v in kpis.items()
        if isinstance(v, dict)
    }
