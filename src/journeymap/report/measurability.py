"""Stages the bindings cannot measure, so the report shows no number for them instead of a 0.

`bind_events` gives each event the first touchpoint (in the map's `touchpoints` order) one of
whose bindings matches it, and the first stage listing that touchpoint. So a stage reaches no
one, whatever the data, when each of its touchpoints

- has no bindings;
- is listed by an earlier stage (its events count there); or
- is *shadowed*: every one of its bindings is covered by a binding of a touchpoint listed before
  it, i.e. that binding's conditions are a subset of its own (`{event: Order Completed}` covers
  `{event: Order Completed, properties: {...}}`), so the earlier touchpoint takes its events.

A "Repeat order" stage bound to `Order Completed` like the purchase stage is the case: its 0
reached, the previous stage's 0% conversion and a suggested barrier "100% do not reach Repeat
order" would all be artefacts of the map, shown next to a KPI that measures repeat orders
directly. The report blanks those numbers and says why (`notes`, the cells' titles).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from journeymap.analytics.bind import touchpoint_stages
from journeymap.model import JourneyMap
from journeymap.model.binding import Binding

_NESTED = ("properties", "context")
_BLANKED = {"converted_to_next": None, "conversion_to_next": None}
_BLANKED_DROP = {"drop_off": None, "drop_off_share": None}
Row = TypeVar("Row")


def shadowed_touchpoints(journey: JourneyMap) -> dict[str, str]:
    """Touchpoint id -> the reason no event can ever be bound to it (see the module)."""
    reasons: dict[str, str] = {}
    earlier: list[tuple[str, dict[str, Any]]] = []
    for touchpoint in journey.touchpoints:
        own = [_plain(b) for b in touchpoint.bindings]
        if not own:
            reasons[touchpoint.id] = f"touchpoint {touchpoint.id} has no bindings"
            continue
        covering = [next((tp for tp, b in earlier if _covers(b, mine)), None) for mine in own]
        if all(covering):
            names = ", ".join(dict.fromkeys(str(tp) for tp in covering))
            reasons[touchpoint.id] = (
                f"every event touchpoint {touchpoint.id} binds also matches {names}, listed "
                "before it (an event counts for the first touchpoint it matches): put it first "
                "or narrow the earlier binding"
            )
        earlier += [(touchpoint.id, b) for b in own]
    return reasons


def unmeasured_stages(journey: JourneyMap) -> dict[str, str]:
    """Stage id -> why no event can reach it, for the stages the bindings cannot measure."""
    shadowed = shadowed_touchpoints(journey)
    first_stage = touchpoint_stages(journey)
    names = {s.id: s.name for s in journey.stages}
    found: dict[str, str] = {}
    for stage in journey.stages:
        reasons = []
        for tp in stage.touchpoints:
            if tp in shadowed:
                reasons.append(shadowed[tp])
            elif first_stage.get(tp, stage.id) != stage.id:
                reasons.append(
                    f"touchpoint {tp} counts under {names[first_stage[tp]]}, the first stage "
                    "listing it"
                )
            else:
                break
        else:
            why = "; ".join(reasons) if reasons else "it lists no touchpoints"
            found[stage.id] = f"{stage.name} is not measured: {why}"
    return found


def blank_unmeasured(rows: list[Row], unmeasured: dict[str, str], order: list[str]) -> list[Row]:
    """`rows` (stage rows with conversion and drop-off fields, one per stage of `order`) with
    conversion and drop-off blanked into and out of the unmeasured stages."""
    if not unmeasured:
        return rows
    following = dict(zip(order, [*order[1:], None], strict=True))
    blanked = []
    for row in rows:
        stage = getattr(row, "stage")  # noqa: B009 (rows of several dataclasses share `stage`)
        cut = stage in unmeasured or following.get(stage) in unmeasured
        blanked.append(replace(row, **_BLANKED, **_BLANKED_DROP) if cut else row)  # type: ignore[type-var]
    return blanked


def _plain(binding: Binding) -> dict[str, Any]:
    plain: dict[str, Any] = binding.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    return plain


def _covers(general: dict[str, Any], specific: dict[str, Any]) -> bool:
    """Whether every condition of `general` is also one of `specific` (so `general` matches at
    least the events `specific` matches)."""
    for key, value in general.items():
        if key in _NESTED:
            inner = specific.get(key, {})
            if any(k not in inner or inner[k] != v for k, v in value.items()):
                return False
        elif key not in specific or specific[key] != value:
            return False
    return True
