"""KPI snapshots: one JSON file per report run, so the report can show trends across runs.

The store has no generic table API, so snapshots live beside it in the workspace:
`.journeymap/snapshots/<map id>/<UTC time>.json`, each `{map, at, segment, kpis: {id: value}}`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from journeymap.analytics.kpi import KPIResult

SNAPSHOT_DIR = Path(".journeymap") / "snapshots"


def snapshot_folder(root: Path, map_id: str) -> Path:
    return root / SNAPSHOT_DIR / map_id


def save_snapshot(
    folder: Path, map_id: str, at: str, kpis: list[KPIResult], segment: str | None
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "map": map_id,
        "at": at,
        "segment": segment,
        "kpis": {k.kpi: {"value": k.value, "persons": k.persons} for k in kpis},
    }
    target = folder / f"{at.replace(':', '-')}.json"
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def load_trends(folder: Path, segment: str | None) -> dict[str, list[dict[str, Any]]]:
    """KPI id -> [{at, value}] from every snapshot of the same segment, oldest first."""
    trends: dict[str, list[dict[str, Any]]] = {}
    if not folder.is_dir():
        return trends
    for file in sorted(folder.glob("*.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a damaged snapshot must not stop the report
        if not isinstance(data, dict) or data.get("segment") != segment:
            continue
        for kpi_id, entry in (data.get("kpis") or {}).items():
            value = entry.get("value") if isinstance(entry, dict) else None
            if value is not None:
                trends.setdefault(str(kpi_id), []).append({"at": data.get("at"), "value": value})
    return trends
