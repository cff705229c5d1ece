"""Edits a person makes to a map (add a persona, reorder stages, set an emotion, ...).

Each edit changes the map's plain data (`model_data`), so the caller can validate the result
with the same loader the CLI uses and write it over the original YAML keeping its comments.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from journeymap.i18n import gettext as _
from journeymap.i18n import suggest_slug
from journeymap.model.emotion import EMOTION_MAX, EMOTION_MIN

MapData = dict[str, Any]


class EditError(ValueError):
    """An edit that cannot be applied (unknown stage, duplicate id, value out of range)."""


def unique_id(name: str, taken: set[str]) -> str:
    """A slug of `name` not in `taken` (`olga`, then `olga-2`, ...)."""
    base = suggest_slug(name)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _items(data: MapData, key: str) -> list[dict[str, Any]]:
    items = data.setdefault(key, [])
    assert isinstance(items, list)
    return items


def _find(items: list[Any], item_id: str, what: str) -> dict[str, Any]:
    """The item of `items` with this id (`what` it is names it in the error)."""
    for item in items:
        if isinstance(item, dict) and item.get("id") == item_id:
            return item
    messages = {
        "persona": _("no persona with id '{id}' in this map", id=item_id),
        "stage": _("no stage with id '{id}' in this map", id=item_id),
        "touchpoint": _("no touchpoint with id '{id}' in this map", id=item_id),
        "barrier": _("no barrier with id '{id}' in this stage", id=item_id),
        "kpi": _("no KPI with id '{id}' in this stage", id=item_id),
    }
    raise EditError(messages[what])


def _text(value: str, field: str) -> str:
    text = value.strip()
    if not text:
        messages = {
            "name": _("the name must not be empty"),
            "text": _("the text must not be empty"),
        }
        raise EditError(messages[field])
    return text


def _lines(value: str) -> list[str]:
    """One list item per line of a text area."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def save_persona(
    data: MapData,
    persona_id: str | None,
    *,
    name: str,
    age: int | None = None,
    occupation: str = "",
    context: str = "",
    goals: str = "",
    fears: str = "",
    quote: str = "",
) -> str:
    """Add a persona (`persona_id` None) or update one; returns its id."""
    personas = _items(data, "personas")
    if persona_id is None:
        persona: dict[str, Any] = {"id": unique_id(name, {str(p.get("id")) for p in personas})}
        personas.append(persona)
    else:
        persona = _find(personas, persona_id, "persona")
    persona["name"] = _text(name, "name")
    fields: dict[str, Any] = {
        "age": age,
        "occupation": occupation.strip() or None,
        "context": context.strip() or None,
        "goals": _lines(goals) or None,
        "fears": _lines(fears) or None,
        "quote": quote.strip() or None,
    }
    for key, value in fields.items():
        if value is None:
            persona.pop(key, None)
        else:
            persona[key] = value
    return str(persona["id"])


def delete_persona(data: MapData, persona_id: str) -> None:
    """Remove a persona and its emotions at every stage (they would point at nobody)."""
    personas = _items(data, "personas")
    personas.remove(_find(personas, persona_id, "persona"))
    for stage in _items(data, "stages"):
        emotions = stage.get("emotions")
        if isinstance(emotions, dict):
            emotions.pop(persona_id, None)
            if not emotions:
                stage.pop("emotions")


def add_stage(data: MapData, name: str, *, after: str | None = None) -> str:
    """Add a stage at the end (or after the stage `after`); returns its id."""
    stages = _items(data, "stages")
    stage = {
        "id": unique_id(_text(name, "name"), {str(s.get("id")) for s in stages}),
        "name": name.strip(),
    }
    if after is None:
        stages.append(stage)
    else:
        stages.insert(stages.index(_find(stages, after, "stage")) + 1, stage)
    return str(stage["id"])


def rename_stage(data: MapData, stage_id: str, name: str) -> None:
    _find(_items(data, "stages"), stage_id, "stage")["name"] = _text(name, "name")


def delete_stage(data: MapData, stage_id: str) -> None:
    stages = _items(data, "stages")
    stages.remove(_find(stages, stage_id, "stage"))


def add_touchpoint(
    data: MapData, name: str, *, kind: str, channel: str = "", department: str = ""
) -> str:
    """Add a touchpoint (online or offline, its channel and the department that owns it)."""
    touchpoints = _items(data, "touchpoints")
    touchpoint: dict[str, Any] = {
        "id": unique_id(_text(name, "name"), {str(t.get("id")) for t in touchpoints}),
        "name": name.strip(),
        "kind": kind,
    }
    if channel.strip():
        touchpoint["channel"] = channel.strip()
    if department.strip():
        touchpoint["department"] = department.strip()
    touchpoints.append(touchpoint)
    return str(touchpoint["id"])


def set_stage_touchpoints(data: MapData, stage_id: str, touchpoint_ids: list[str]) -> None:
    """The touchpoints a stage happens at, in the map's touchpoint order."""
    stage = _find(_items(data, "stages"), stage_id, "stage")
    known = [str(t.get("id")) for t in _items(data, "touchpoints")]
    chosen = [t for t in known if t in touchpoint_ids]
    chosen += [t for t in stage.get("touchpoints", []) if t not in known]  # kept for the loader
    if chosen:
        stage["touchpoints"] = chosen
    else:
        stage.pop("touchpoints", None)


def add_kpi(data: MapData, stage_id: str, name: str, *, target: str = "", measure: str = "") -> str:
    """Add a KPI to a stage: a name, a target (`25%` or `0.25`) and a measure expression
    (`conversion(a -> b)`, `rate(Event)`, ...; the loader checks it)."""
    stage = _find(_items(data, "stages"), stage_id, "stage")
    taken = {str(k.get("id")) for s in _items(data, "stages") for k in s.get("kpis", [])}
    kpi: dict[str, Any] = {"id": unique_id(_text(name, "name"), taken), "name": name.strip()}
    if target.strip():
        kpi["target"] = target.strip()  # the model reads `25%` as 0.25
    if measure.strip():
        kpi["measure"] = measure.strip()
    stage.setdefault("kpis", []).append(kpi)
    return str(kpi["id"])


STAGE_LANES: tuple[str, ...] = (
    "customer_goals",
    "expectations",
    "fears",
    "motives",
    "actions",
    "thoughts",
    "marketer_tasks",
    "departments",
    "frontstage",
    "backstage",
    "support_processes",
)
"""The text lanes of a stage that are plain lists of phrases (one per line in a form)."""


def set_stage_lanes(data: MapData, stage_id: str, lanes: dict[str, str]) -> None:
    """Replace the given text lanes of a stage (one item per line; empty removes the lane)."""
    stage = _find(_items(data, "stages"), stage_id, "stage")
    for lane, text in lanes.items():
        if lane not in STAGE_LANES:
            continue
        items = _lines(text)
        if items:
            stage[lane] = items
        else:
            stage.pop(lane, None)


def set_emotion(data: MapData, stage_id: str, persona_id: str, score: int, label: str) -> None:
    """Set a persona's emotion at a stage on the -2..+2 scale, with an optional word."""
    if not EMOTION_MIN <= score <= EMOTION_MAX:
        raise EditError(_("{value} is outside -2..+2", value=score))
    _find(_items(data, "personas"), persona_id, "persona")
    stage = _find(_items(data, "stages"), stage_id, "stage")
    emotions = stage.setdefault("emotions", {})
    if not label.strip():
        emotions[persona_id] = score
        return
    written = CommentedMap(score=score, label=label.strip())
    written.fa.set_flow_style()  # `{score: -1, label: anxious}` on one line, as people write it
    emotions[persona_id] = written


def add_barrier(data: MapData, stage_id: str, text: str, severity: str) -> str:
    stage = _find(_items(data, "stages"), stage_id, "stage")
    taken = {str(b.get("id")) for s in _items(data, "stages") for b in s.get("barriers", [])}
    barrier = {"id": unique_id(_text(text, "text"), taken), "text": text.strip()}
    barrier["severity"] = severity
    stage.setdefault("barriers", []).append(barrier)
    return str(barrier["id"])


def _barrier(data: MapData, stage_id: str, barrier_id: str) -> dict[str, Any]:
    stage = _find(_items(data, "stages"), stage_id, "stage")
    return _find(stage.setdefault("barriers", []), barrier_id, "barrier")


def delete_barrier(data: MapData, stage_id: str, barrier_id: str) -> None:
    stage = _find(_items(data, "stages"), stage_id, "stage")
    stage["barriers"].remove(_barrier(data, stage_id, barrier_id))


def add_solution(
    data: MapData,
    stage_id: str,
    barrier_id: str,
    text: str,
    owner: str,
    *,
    status: str = "",
    effort: int | None = None,
) -> None:
    """Add a solution to a barrier: what the team will do, who owns it, its status and effort
    (0..5; the loader checks the ranges)."""
    solution: dict[str, Any] = {"text": _text(text, "text")}
    if owner.strip():
        solution["owner"] = owner.strip()
    if status.strip():
        solution["status"] = status.strip()
    if effort is not None:
        solution["effort"] = effort
    _barrier(data, stage_id, barrier_id).setdefault("solutions", []).append(solution)
