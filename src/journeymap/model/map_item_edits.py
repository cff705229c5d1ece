"""Edits of the items a map already has: a touchpoint (with its bindings), a barrier's
solution, a stage's KPI; and the measure a KPI builder composes.

Like `map_edits`, each edit changes the map's plain data; the caller loads the result with
the map loader (which checks measures, references and ranges) before saving it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from journeymap.i18n import gettext as _
from journeymap.model.map_edits import EditError, MapData, _barrier, _find, _items, _text
from journeymap.model.measure_syntax import MEASURE_OPERANDS


def _touchpoint(data: MapData, touchpoint_id: str) -> dict[str, Any]:
    return _find(_items(data, "touchpoints"), touchpoint_id, "touchpoint")


def _set(item: dict[str, Any], fields: Mapping[str, object]) -> None:
    """Set each field (text stripped), or remove it when the form left it empty."""
    for key, given in fields.items():
        value = given.strip() if isinstance(given, str) else given
        if value is None or value in ("", []):
            item.pop(key, None)
        else:
            item[key] = value


@dataclass(frozen=True)
class SimpleBinding:
    """A binding a form row can show: an event name and at most one property equal to a
    value. Other bindings (urls, channels, operators, occurrences) are kept as written."""

    event: str
    key: str = ""
    value: str = ""

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"event": self.event}
        if self.key:
            data["properties"] = {self.key: self.value}
        return data


def simple_binding(binding: object) -> SimpleBinding | None:
    """The row of a binding the form can edit; None for one it must keep as written."""
    if not isinstance(binding, dict) or not isinstance(binding.get("event"), str):
        return None
    if set(binding) - {"event", "properties"}:
        return None
    properties = binding.get("properties") or {}
    if not isinstance(properties, dict) or len(properties) > 1:
        return None
    for key, value in properties.items():
        if isinstance(value, dict | list):
            return None
        return SimpleBinding(binding["event"], str(key), "" if value is None else str(value))
    return SimpleBinding(binding["event"])


def edit_touchpoint(
    data: MapData,
    touchpoint_id: str,
    *,
    name: str,
    kind: str,
    channel: str = "",
    department: str = "",
    owner: str = "",
    bindings: list[SimpleBinding] | None = None,
) -> None:
    """Change a touchpoint; `bindings` replaces its simple bindings (None leaves them), the
    others are kept."""
    touchpoint = _touchpoint(data, touchpoint_id)
    touchpoint["name"] = _text(name, "name")
    touchpoint["kind"] = kind.strip() or "online"
    _set(touchpoint, {"channel": channel, "department": department, "owner": owner})
    if bindings is not None:
        kept = [b for b in touchpoint.get("bindings", []) if simple_binding(b) is None]
        _set(touchpoint, {"bindings": [b.as_data() for b in bindings if b.event.strip()] + kept})


def delete_touchpoint(data: MapData, touchpoint_id: str) -> None:
    """Remove a touchpoint and its place in every stage (a KPI measuring it fails to load)."""
    touchpoints = _items(data, "touchpoints")
    touchpoints.remove(_touchpoint(data, touchpoint_id))
    for stage in _items(data, "stages"):
        listed = stage.get("touchpoints")
        if isinstance(listed, list) and touchpoint_id in listed:
            listed.remove(touchpoint_id)
            if not listed:
                stage.pop("touchpoints")


def _solutions(data: MapData, stage_id: str, barrier_id: str, index: int) -> list[Any]:
    solutions = _barrier(data, stage_id, barrier_id).get("solutions")
    if not isinstance(solutions, list) or not 0 <= index < len(solutions):
        raise EditError(_("no solution number {number} for this barrier", number=index + 1))
    return solutions


def edit_solution(
    data: MapData,
    stage_id: str,
    barrier_id: str,
    index: int,
    *,
    text: str,
    owner: str = "",
    status: str = "",
    effort: int | None = None,
    customer_value: int | None = None,
    business_value: int | None = None,
) -> None:
    """Change the barrier's solution number `index` (0-based); a solution written as a plain
    string becomes an object only when more than its text is given."""
    solutions = _solutions(data, stage_id, barrier_id, index)
    old = solutions[index]
    solution: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
    solution["text"] = _text(text, "text")
    fields = {
        "owner": owner,
        "status": status,
        "effort": effort,
        "customer_value": customer_value,
        "business_value": business_value,
    }
    _set(solution, fields)
    # the short form (a plain string) stays short while only the text is given
    solutions[index] = solution["text"] if set(solution) == {"text"} else solution


def delete_solution(data: MapData, stage_id: str, barrier_id: str, index: int) -> None:
    _solutions(data, stage_id, barrier_id, index).pop(index)


def _kpi(data: MapData, stage_id: str, kpi_id: str) -> tuple[list[Any], dict[str, Any]]:
    stage = _find(_items(data, "stages"), stage_id, "stage")
    kpis = stage.get("kpis") or []
    return kpis, _find(kpis, kpi_id, "kpi")


def edit_kpi(
    data: MapData,
    stage_id: str,
    kpi_id: str,
    *,
    name: str,
    target: str = "",
    measure: str = "",
    direction: str = "",
    owner: str = "",
) -> None:
    """Change a KPI (its id stays, so links to it hold)."""
    _kpis, kpi = _kpi(data, stage_id, kpi_id)
    kpi["name"] = _text(name, "name")
    _set(kpi, {"target": target, "measure": measure, "direction": direction, "owner": owner})


def delete_kpi(data: MapData, stage_id: str, kpi_id: str) -> None:
    kpis, kpi = _kpi(data, stage_id, kpi_id)
    kpis.remove(kpi)


def compose_measure(function: str, first: str, second: str = "") -> str:
    """The measure a builder's choices make: `conversion(a -> b)`, `nps(x)`; empty when no
    function is chosen (the map loader checks the operands)."""
    function = function.strip().lower()
    if not function:
        return ""
    if MEASURE_OPERANDS.get(function) == 2:
        return f"{function}({first.strip()} -> {second.strip()})"
    return f"{function}({first.strip()})"
