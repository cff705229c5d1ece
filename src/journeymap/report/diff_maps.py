"""What changed between two versions of a map: design (stages, touchpoints, personas, barriers,
KPIs, emotions) and numbers (KPI targets and measured values).

Items are matched by id, so a changed `name` with the same id is a rename, not a removal and an
addition. A barrier or KPI that moved to another stage is reported as changed with its `stage`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from journeymap.model import KPI, Barrier, JourneyMap, Solution

ChangeKind = Literal[
    "added",
    "removed",
    "renamed",
    "changed",
    "reordered",
    "emotion",
    "target",
    "measured",
]
Entity = Literal["map", "persona", "stage", "touchpoint", "barrier", "kpi", "solution"]

_NAME_FIELD = {"barrier": "text", "solution": "text"}
"""The field that names an item; other items use `name`."""
_NESTED_IN_STAGE = ("barriers", "kpis", "emotions", "opportunities")
_SOLUTIONS = ("solutions",)
"""Solutions are diffed one by one (field by field), not as one long list value."""
_KPI_NUMBERS = ("target", "measured")
_MAP_COLLECTIONS = ("personas", "stages", "touchpoints")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    entity: Entity
    id: str
    stage: str | None = None
    """The stage a barrier, KPI or emotion belongs to (in the new version when it moved)."""
    persona: str | None = None
    """The persona of an emotion change."""
    parent: str | None = None
    """The barrier a solution belongs to (None for a stage's opportunity)."""
    old: Any = None
    new: Any = None
    fields: tuple[FieldChange, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "entity": self.entity, "id": self.id}
        for key in ("stage", "persona", "parent"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        data["old"], data["new"] = self.old, self.new
        if self.fields:
            data["fields"] = [{"field": f.field, "old": f.old, "new": f.new} for f in self.fields]
        return data


@dataclass(frozen=True)
class MapDiff:
    old_label: str
    new_label: str
    changes: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.kind] = counts.get(change.kind, 0) + 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_label,
            "new": self.new_label,
            "counts": self.counts(),
            "changes": [c.as_dict() for c in self.changes],
        }


def diff_maps(
    old: JourneyMap, new: JourneyMap, *, old_label: str = "old", new_label: str = "new"
) -> MapDiff:
    """Every difference between two map versions, in reading order of the map."""
    changes: list[Change] = []
    changes += _field_changes(
        "map",
        old.id,
        _plain(old, exclude=_map_exclusions()),
        _plain(new, exclude=_map_exclusions()),
    )
    changes += _collection("persona", old.personas, new.personas)
    changes += _collection("stage", old.stages, new.stages, exclude=_NESTED_IN_STAGE)
    changes += _collection("touchpoint", old.touchpoints, new.touchpoints)
    changes += _nested("barrier", _barriers(old), _barriers(new))
    changes += _nested("kpi", _kpis(old), _kpis(new))
    changes += _emotions(old, new)
    changes += _solution_changes(old, new)
    return MapDiff(old_label, new_label, changes)


def _map_exclusions() -> tuple[str, ...]:
    return (*_MAP_COLLECTIONS, "journeymap")


def _plain(item: BaseModel, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    data: dict[str, Any] = item.model_dump(mode="json", by_alias=True, exclude=set(exclude))
    return data


def _field_changes(
    entity: Entity,
    item_id: str,
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    stage: str | None = None,
) -> list[Change]:
    fields = tuple(
        FieldChange(key, old.get(key), new.get(key))
        for key in (*old, *(k for k in new if k not in old))
        if old.get(key) != new.get(key)
    )
    if not fields:
        return []
    name_field = _NAME_FIELD.get(entity, "name")
    kind: ChangeKind = "renamed" if any(f.field == name_field for f in fields) else "changed"
    return [Change(kind, entity, item_id, stage=stage, fields=fields)]


def _collection(
    entity: Entity,
    old: Sequence[BaseModel],
    new: Sequence[BaseModel],
    *,
    exclude: Iterable[str] = (),
) -> list[Change]:
    old_by_id = {_id(item): item for item in old}
    new_by_id = {_id(item): item for item in new}
    changes = [
        Change("removed", entity, item_id, old=_label(entity, item))
        for item_id, item in old_by_id.items()
        if item_id not in new_by_id
    ]
    changes += [
        Change("added", entity, item_id, new=_label(entity, item))
        for item_id, item in new_by_id.items()
        if item_id not in old_by_id
    ]
    for item_id, item in new_by_id.items():
        if item_id in old_by_id:
            changes += _field_changes(
                entity,
                item_id,
                _plain(old_by_id[item_id], exclude=exclude),
                _plain(item, exclude=exclude),
            )
    old_order = [i for i in old_by_id if i in new_by_id]
    new_order = [i for i in new_by_id if i in old_by_id]
    if old_order != new_order:
        changes.append(Change("reordered", entity, "*", old=old_order, new=new_order))
    return changes


def _id(item: BaseModel) -> str:
    value: str = getattr(item, "id")  # noqa: B009 -- every collection item has an id
    return value


def _label(entity: Entity, item: BaseModel) -> str:
    value: str = getattr(item, _NAME_FIELD.get(entity, "name"))
    return value


def _barriers(journey: JourneyMap) -> dict[str, tuple[str, Barrier]]:
    return {barrier.id: (stage.id, barrier) for stage, barrier in journey.barriers()}


def _kpis(journey: JourneyMap) -> dict[str, tuple[str, KPI]]:
    return {kpi.id: (stage.id, kpi) for stage in journey.stages for kpi in stage.kpis}


def _nested(
    entity: Entity,
    old: dict[str, tuple[str, Barrier]] | dict[str, tuple[str, KPI]],
    new: dict[str, tuple[str, Barrier]] | dict[str, tuple[str, KPI]],
) -> list[Change]:
    changes = [
        Change("removed", entity, item_id, stage=stage, old=_label(entity, item))
        for item_id, (stage, item) in old.items()
        if item_id not in new
    ]
    changes += [
        Change("added", entity, item_id, stage=stage, new=_label(entity, item))
        for item_id, (stage, item) in new.items()
        if item_id not in old
    ]
    for item_id, (stage, item) in new.items():
        if item_id not in old:
            continue
        old_stage, old_item = old[item_id]
        numbers = _KPI_NUMBERS if entity == "kpi" else ()
        skipped = (*numbers, *(_SOLUTIONS if entity == "barrier" else ()))
        before = {**_plain(old_item, exclude=skipped), "stage": old_stage}
        after = {**_plain(item, exclude=skipped), "stage": stage}
        changes += _field_changes(entity, item_id, before, after, stage=stage)
        for number in numbers:
            was, now = _dump_field(old_item, number), _dump_field(item, number)
            if was != now:
                kind: ChangeKind = "target" if number == "target" else "measured"
                changes.append(Change(kind, entity, item_id, stage=stage, old=was, new=now))
    return changes


def _dump_field(item: BaseModel, name: str) -> Any:
    value = item.model_dump(mode="json", include={name}).get(name)
    if isinstance(value, dict) and value.get("simulated") is False:
        value.pop("simulated")  # shown only when the numbers are simulated
    return value


def _solution_changes(old: JourneyMap, new: JourneyMap) -> list[Change]:
    """Solutions of each barrier and opportunities of each stage, field by field."""
    before = _solution_lists(old)
    changes: list[Change] = []
    for (stage, parent), solutions in _solution_lists(new).items():
        changes += _solution_list_changes(stage, parent, before.get((stage, parent), []), solutions)
    return changes


def _solution(solution: Solution) -> dict[str, Any]:
    # A solution with only its text serializes as the plain string; compare it as a mapping.
    data: dict[str, Any] | str = solution.model_dump(mode="json", by_alias=True)
    return {"text": data} if isinstance(data, str) else data


def _solution_lists(journey: JourneyMap) -> dict[tuple[str, str | None], list[Solution]]:
    lists: dict[tuple[str, str | None], list[Solution]] = {}
    for stage in journey.stages:
        lists[(stage.id, None)] = list(stage.opportunities)
        for barrier in stage.barriers:
            lists[(stage.id, barrier.id)] = list(barrier.solutions)
    return lists


def _solution_list_changes(
    stage: str, parent: str | None, old: list[Solution], new: list[Solution]
) -> list[Change]:
    """Solutions have no id: matched by text, then the rest by position (an edited text)."""
    old_left = {solution.text: solution for solution in old}
    unmatched_new = []
    pairs: list[tuple[Solution, Solution]] = []
    for solution in new:
        match = old_left.pop(solution.text, None)
        if match is None:
            unmatched_new.append(solution)
        else:
            pairs.append((match, solution))
    unmatched_old = list(old_left.values())
    pairs += list(zip(unmatched_old, unmatched_new, strict=False))
    paired = min(len(unmatched_old), len(unmatched_new))
    changes = [
        Change("removed", "solution", item.text, stage=stage, parent=parent, old=item.text)
        for item in unmatched_old[paired:]
    ]
    changes += [
        Change("added", "solution", item.text, stage=stage, parent=parent, new=item.text)
        for item in unmatched_new[paired:]
    ]
    for was, now in pairs:
        changes += [
            Change(
                change.kind, "solution", now.text, stage=stage, parent=parent, fields=change.fields
            )
            for change in _field_changes("solution", now.text, _solution(was), _solution(now))
        ]
    return changes


def _emotions(old: JourneyMap, new: JourneyMap) -> list[Change]:
    old_stages = {stage.id: stage for stage in old.stages}
    changes = []
    for stage in new.stages:
        before = old_stages.get(stage.id)
        if before is None:
            continue
        personas = [*before.emotions, *(p for p in stage.emotions if p not in before.emotions)]
        for persona in personas:
            was = before.emotions.get(persona)
            now = stage.emotions.get(persona)
            was_score = was.score if was else None
            now_score = now.score if now else None
            if was_score != now_score:
                changes.append(
                    Change(
                        "emotion",
                        "stage",
                        stage.id,
                        stage=stage.id,
                        persona=persona,
                        old=was_score,
                        new=now_score,
                    )
                )
    return changes
