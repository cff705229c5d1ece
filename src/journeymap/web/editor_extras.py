"""What the editor's item forms need besides the map: the measure builder's choices, the KPI
sentences, the binding rows of each touchpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.model.map_item_edits import SimpleBinding, simple_binding
from journeymap.model.measure_syntax import MEASURE_OPERANDS
from journeymap.model.touchpoint import Touchpoint
from journeymap.render.measure_text import measure_sentence
from journeymap.web.editor_view import lane_names
from journeymap.web.export_routes import EXPORTS
from journeymap.web.labels import labels
from journeymap.web.map_views import ITEM_LANES, departments

_CALL = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$", re.DOTALL)


@dataclass(frozen=True)
class MeasureParts:
    """A measure the builder can show: its function and operands (all empty otherwise)."""

    function: str = ""
    first: str = ""
    second: str = ""


@dataclass
class BindingRows:
    simple: list[SimpleBinding] = field(default_factory=list)
    kept: int = 0
    """How many bindings the rows cannot show (kept as written in the file)."""


def measure_functions() -> dict[str, str]:
    """Each measure function, shown with its operand form (`conversion(A -> B)`)."""
    return {
        name: f"{name}(A -> B)" if count == 2 else f"{name}(X)"
        for name, count in MEASURE_OPERANDS.items()
    }


def operands(journey: JourneyMap) -> dict[str, str]:
    """The stages and touchpoints a measure can name, by id."""
    choices = {s.id: _("Stage: {name}", name=s.name) for s in journey.stages}
    choices.update({t.id: _("Touchpoint: {name}", name=t.name) for t in journey.touchpoints})
    return choices


def parts_of(measure: str | None, known: dict[str, str]) -> MeasureParts:
    """The builder's view of `measure`, when its operands are ids of the map."""
    match = _CALL.match(measure or "")
    if not match or match.group(1).lower() not in MEASURE_OPERANDS:
        return MeasureParts()
    names = [part.strip() for part in match.group(2).split("->")]
    if len(names) != MEASURE_OPERANDS[match.group(1).lower()] or not set(names) <= set(known):
        return MeasureParts()
    return MeasureParts(match.group(1).lower(), names[0], names[1] if len(names) > 1 else "")


def binding_rows(touchpoint: Touchpoint) -> BindingRows:
    rows = BindingRows()
    for binding in touchpoint.bindings:
        data = binding.model_dump(mode="json", by_alias=True, exclude_unset=True)
        simple = simple_binding(data)
        if simple is None:
            rows.kept += 1
        else:
            rows.simple.append(simple)
    return rows


def view_lanes(language: str) -> dict[str, str]:
    """Every lane a view can show or hide, named in the user's language."""
    names = lane_names(language)
    page = labels()
    return names | {lane: page[lane] for lane in ITEM_LANES}


def editor_extras(journey: JourneyMap, language: str) -> dict[str, Any]:
    known = operands(journey)
    measures = {k.measure for s in journey.stages for k in s.kpis if k.measure}
    return {
        "measure_functions": measure_functions(),
        "operands": known,
        "measure_parts": lambda measure: parts_of(measure, known),
        "sentences": {m: measure_sentence(m, journey) for m in measures},
        "binding_rows": binding_rows,
        "view_lanes": view_lanes(language),
        "view_departments": departments(journey),
        "exports": tuple(EXPORTS),
    }
