"""What changed in the numbers between two KPI snapshots (see `snapshots.py`).

Per KPI: old and new value, the change (absolute and relative to the old value), the target,
whether it was met before and after, and `better`/`worse`/`same` read in the KPI's direction.
Per stage (snapshots that keep stages): reach, conversion to next and median time in stage, where
more reach and conversion and less time are better. Snapshots written before KPI targets and
stages were kept still compare: what they lack is taken from the map when one is given, else
reported as unknown (null).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap

Verdict = Literal["better", "worse", "same"]

STAGE_MEASURES = {
    "persons": "increase",
    "conversion_to_next": "increase",
    "median_seconds": "decrease",
}
"""The stage numbers a snapshot keeps, with the direction in which they are better."""


class SnapshotError(ValueError):
    """A snapshot file that cannot be read or is not a KPI snapshot."""


@dataclass(frozen=True)
class Snapshot:
    label: str
    map: str | None
    at: str | None
    segment: str | None
    kpis: dict[str, dict[str, Any]]
    stages: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class NumberChange:
    old: float | None
    new: float | None
    change: float | None
    relative: float | None
    """The change as a share of the old value; null when the old value is 0 or unknown."""
    verdict: Verdict | None


@dataclass(frozen=True)
class KPIChange:
    kpi: str
    name: str | None
    stage: str | None
    unit: str | None
    measure: str | None
    direction: str | None
    old_target: float | None
    target: float | None
    met_before: bool | None
    met_after: bool | None
    number: NumberChange

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(data.pop("number"))
        return data


@dataclass(frozen=True)
class StageChange:
    stage: str
    name: str | None
    numbers: dict[str, NumberChange]

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "name": self.name,
            **{key: asdict(number) for key, number in self.numbers.items()},
        }


@dataclass(frozen=True)
class SnapshotDiff:
    old: Snapshot
    new: Snapshot
    kpis: list[KPIChange] = field(default_factory=list)
    stages: list[StageChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": {"file": self.old.label, "at": self.old.at, "segment": self.old.segment},
            "new": {"file": self.new.label, "at": self.new.at, "segment": self.new.segment},
            "map": self.new.map or self.old.map,
            "kpis": [change.as_dict() for change in self.kpis],
            "stages": [change.as_dict() for change in self.stages],
        }


def is_snapshot_file(spec: str) -> bool:
    """A `.json` file, or a file whose content is a JSON object with `kpis` (maps are YAML)."""
    path = Path(spec)
    if path.suffix.lower() == ".json":
        return True
    if spec.startswith("git:") or not path.is_file():
        return False
    try:
        text = path.read_text(encoding="utf-8").lstrip()
        return text.startswith("{") and "kpis" in json.loads(text)
    except (OSError, ValueError):
        return False


def read_snapshot(path: Path | str) -> Snapshot:
    """The snapshot in `path`; SnapshotError when it is missing or not a KPI snapshot."""
    label = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(_("{label}: no such snapshot file", label=label)) from None
    except OSError as error:
        raise SnapshotError(
            _("{label}: cannot read: {reason}", label=label, reason=error.strerror or error)
        ) from None
    except ValueError as error:
        raise SnapshotError(_("{label}: not JSON ({error})", label=label, error=error)) from None
    if not isinstance(data, dict) or not isinstance(data.get("kpis"), dict):
        raise SnapshotError(_("{label}: not a KPI snapshot (no `kpis` object)", label=label))
    stages = data.get("stages") or {}
    if not isinstance(stages, dict):
        raise SnapshotError(_("{label}: `stages` is not an object", label=label))
    return Snapshot(
        label=label,
        map=_text(data.get("map")),
        at=_text(data.get("at")),
        segment=_text(data.get("segment")),
        kpis={str(k): _entry(v, label, f"kpi {k}") for k, v in data["kpis"].items()},
        stages={str(k): _entry(v, label, f"stage {k}") for k, v in stages.items()},
    )


def latest_snapshots(folder: Path, segment: str | None, count: int = 2) -> list[Path]:
    """The newest `count` readable snapshots of `segment` in `folder`, oldest first."""
    found: list[Path] = []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            snapshot = read_snapshot(file)
        except SnapshotError:
            continue  # a damaged snapshot is skipped, as the report's trends do
        if snapshot.segment == segment:
            found.append(file)
    return found[-count:]


def diff_snapshots(
    old: Snapshot, new: Snapshot, *, journey: JourneyMap | None = None
) -> SnapshotDiff:
    """Every KPI and stage of either snapshot, in the new snapshot's order."""
    designed = _designed_kpis(journey)
    kpis = [
        _kpi_change(kpi_id, old.kpis.get(kpi_id, {}), new.kpis.get(kpi_id, {}), designed)
        for kpi_id in _ids(old.kpis, new.kpis)
    ]
    stages = [
        _stage_change(stage_id, old.stages.get(stage_id, {}), new.stages.get(stage_id, {}))
        for stage_id in _ids(old.stages, new.stages)
    ]
    return SnapshotDiff(old, new, kpis, stages)


def number_change(old: float | None, new: float | None, direction: str | None) -> NumberChange:
    if old is None or new is None:
        return NumberChange(old, new, None, None, None)
    change = new - old
    relative = change / abs(old) if old else None
    verdict: Verdict | None
    if change == 0:
        verdict = "same"
    elif direction in ("increase", "decrease"):
        verdict = "better" if (change > 0) == (direction == "increase") else "worse"
    else:
        verdict = None
    return NumberChange(old, new, change, relative, verdict)


def target_met(value: float | None, target: float | None, direction: str | None) -> bool | None:
    if value is None or target is None or direction not in ("increase", "decrease"):
        return None
    return value >= target if direction == "increase" else value <= target


def _kpi_change(
    kpi_id: str,
    old: dict[str, Any],
    new: dict[str, Any],
    designed: dict[str, dict[str, Any]],
) -> KPIChange:
    fallback = designed.get(kpi_id, {})

    def known(key: str) -> Any:
        for source in (new, old, fallback):
            if source.get(key) is not None:
                return source[key]
        return None

    direction = known("direction")
    old_target = old.get("target", fallback.get("target"))
    target = new.get("target", fallback.get("target")) if new else None
    return KPIChange(
        kpi=kpi_id,
        name=known("name"),
        stage=known("stage"),
        unit=known("unit"),
        measure=known("measure"),
        direction=direction,
        old_target=old_target,
        target=target,
        met_before=target_met(_number(old.get("value")), old_target, direction),
        met_after=target_met(_number(new.get("value")), target, direction),
        number=number_change(_number(old.get("value")), _number(new.get("value")), direction),
    )


def _stage_change(stage_id: str, old: dict[str, Any], new: dict[str, Any]) -> StageChange:
    numbers = {
        key: number_change(_number(old.get(key)), _number(new.get(key)), direction)
        for key, direction in STAGE_MEASURES.items()
    }
    return StageChange(stage_id, _text(new.get("name") or old.get("name")), numbers)


def _designed_kpis(journey: JourneyMap | None) -> dict[str, dict[str, Any]]:
    if journey is None:
        return {}
    return {
        kpi.id: {
            "name": kpi.name,
            "stage": stage.id,
            "unit": kpi.unit,
            "measure": kpi.measure,
            "target": kpi.target,
            "direction": kpi.direction,
        }
        for stage in journey.stages
        for kpi in stage.kpis
    }


def _ids(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [*new, *(key for key in old if key not in new)]


def _entry(value: Any, label: str, what: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if value is None or isinstance(value, int | float):
        return {"value": value}  # the first snapshots kept a bare number per KPI
    raise SnapshotError(
        _("{label}: {what} is neither a number nor an object", label=label, what=what)
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
