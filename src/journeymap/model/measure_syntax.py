"""The form of a KPI `measure`, checked when the map loads (`validate`), before any data.

`analytics.kpi_expr` evaluates measures; this module only knows each function's operands, so that
`conversion(showroom)` or `nps()` fails `validate` at its line instead of passing silently.
A function added to `analytics.kpi_expr` must be added to `MEASURE_OPERANDS` too (a test
checks that the two agree).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from journeymap.i18n import gettext as _
from journeymap.model.problems import HintedValueError

MEASURE_OPERANDS: dict[str, int] = {
    "conversion": 2,
    "median_time": 2,
    "p90_time": 2,
    "abandonment": 2,
    "count": 1,
    "persons": 1,
    "rate": 1,
    "repeat_rate": 1,
    "nps": 1,
    "csat": 1,
    "ces": 1,
    "romi": 1,
    "cac": 1,
    "cpa": 1,
    "drr": 1,
}
"""How many operands each function takes: 2 is `f(A -> B)`, 1 is `f(X)`."""
SURVEY_MEASURES = ("nps", "csat", "ces")
"""Functions whose operand is a touchpoint or stage id of the map (checked with references)."""
COST_MEASURES = ("romi", "cac", "cpa", "drr")
"""Channel economics from the store's ad costs: their operand is a channel (utm_source value),
`campaign:NAME` or `all`, known only to the data."""
OPERAND_PREFIXES = ("event", "touchpoint", "stage")

_CALL = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$", re.DOTALL)


def check_measure_form(text: str) -> None:
    """Raise `HintedValueError` (message and a hint with the fixed form) for a malformed measure."""
    match = _CALL.match(text)
    known = ", ".join(MEASURE_OPERANDS)
    if not match:
        raise HintedValueError(
            _("measure '{measure}' is not function(arguments)", measure=text),
            _("write e.g. conversion(catalog -> cart); functions: {known}", known=known),
        )
    function, inner = match.group(1).lower(), match.group(2)
    if function not in MEASURE_OPERANDS:
        raise HintedValueError(
            _("unknown measure function '{function}'", function=function),
            _("functions: {known}", known=known),
        )
    parts = [part.strip() for part in inner.split("->")]
    wanted = MEASURE_OPERANDS[function]
    if len(parts) != wanted or any(not part for part in parts):
        example = f"{function}(A -> B)" if wanted == 2 else f"{function}(X)"
        fixed = f"{function}({parts[0] or 'A'} -> B)" if wanted == 2 else f"{function}(X)"
        raise HintedValueError(
            _(
                "{function} takes {form}, not '{measure}'",
                function=function,
                form=example,
                measure=text,
            ),
            _("write measure: {fixed}", fixed=fixed),
        )


def measure_function(text: str) -> str | None:
    """The function name of a measure, lower-case (None when it is not function(...))."""
    match = _CALL.match(text)
    return match.group(1).lower() if match else None


def measure_operands(text: str) -> Iterator[tuple[str, str | None, str]]:
    """(function, prefix or None, name) of each operand of a well-formed measure."""
    match = _CALL.match(text)
    if not match:
        return
    function = match.group(1).lower()
    for part in match.group(2).split("->"):
        prefix, sep, rest = part.partition(":")
        if sep and prefix.strip() in OPERAND_PREFIXES:
            yield function, prefix.strip(), rest.strip()
        else:
            yield function, None, part.strip()
