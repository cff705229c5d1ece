"""A KPI's `measure` code as a sentence a marketer reads, and a solution's priority formula.

`conversion(showroom -> contract)` becomes «Конверсия из «Шоурум» в «Договор»» (in the map's
language): ids become the touchpoint or stage names. A measure that cannot be read is shown as
written. The code itself stays available as the fact's tooltip.
"""

from __future__ import annotations

import re

from journeymap.i18n import default_language
from journeymap.i18n import gettext as _
from journeymap.model import JourneyMap
from journeymap.model.solution import Solution

_CALL = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$", re.DOTALL)
_PREFIXES = ("event", "touchpoint", "stage")


def _name(operand: str, journey: JourneyMap) -> str:
    prefix, sep, rest = operand.partition(":")
    if sep and prefix.strip() in _PREFIXES:
        operand = rest.strip()
    names = {s.id: s.name for s in journey.stages}
    names.update({t.id: t.name for t in journey.touchpoints})
    return names.get(operand, operand)


def measure_sentence(measure: str, journey: JourneyMap) -> str:
    """The sentence for `measure`, in the language chosen (else the map's); as written when
    its function is unknown or its operands do not fit."""
    match = _CALL.match(measure)
    if not match:
        return measure
    function = match.group(1).lower()
    operands = [_name(p.strip(), journey) for p in match.group(2).split("->")]
    with default_language(journey.language):
        if len(operands) == 2:
            a, b = operands
            pair = {
                "conversion": _("Conversion from “{a}” to “{b}”", a=a, b=b),
                "median_time": _("Median time from “{a}” to “{b}”", a=a, b=b),
                "p90_time": _("90th percentile of the time from “{a}” to “{b}”", a=a, b=b),
            }
            return pair.get(function, measure)
        if len(operands) == 1:
            (x,) = operands
            single = {
                "count": _("Number of “{x}” events", x=x),
                "persons": _("Persons with “{x}”", x=x),
                "rate": _("Share of persons with “{x}”", x=x),
                "repeat_rate": _("Share of persons with “{x}” at least twice", x=x),
            }
            return single.get(function, measure)
    return measure


def priority_formula(solution: Solution, language: str | None) -> str:
    """How the priority is computed, with this solution's numbers, for the tooltip."""
    return priority_formula_of(
        solution.customer_value,
        solution.business_value,
        solution.effort,
        solution.priority,
        language,
    )


def priority_formula_of(
    customer: int | None,
    business: int | None,
    effort: int | None,
    priority: float | None,
    language: str | None,
) -> str:
    """The priority formula with these numbers ("(customer value 60 + ...) = 26.7")."""
    numbers = {"customer": customer, "business": business, "effort": effort, "priority": priority}
    shown = {key: format(value, "g") for key, value in numbers.items()}
    with default_language(language):
        return _(
            "(customer value {customer} + business value {business}) / 2 / "
            "(effort {effort} + 1) = {priority}",
            **shown,
        )
