"""The form of a KPI `measure`, checked when the map loads (`validate`), before any data.

`analytics.kpi_expr` evaluates measures; this module only knows each function's operands, so that
`conversion(showroom)` or `nps()` fails `validate` at its line instead of passing silently.
A function added to `analytics.kpi_expr` must be added to `MEASURE_OPERANDS` too (a test
checks that the two agree).
"""

from __future__ import annotations

import difflib
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
    "effect": 1,
}
"""How many operands each function takes: 2 is `f(A -> B)`, 1 is `f(X)`. `effect` takes a
chain id and, after a comma, an optional marker (`effect(cart-reminder, cart_recovery)`), and
after another an optional segmentation (`by=trait:region`: the lift per segment)."""
EFFECT_MARKERS = ("goal", "cart_recovery", "repeat_purchase", "trial_completion", "nps")
"""What `effect(CHAIN, MARKER)` measures: the chain's goal (the default) or one of its success
markers (`orchestrate.markers`); the value is the lift against the chain's holdout."""
EFFECT_SEGMENTS = ("segment", "trait:KEY", "property:KEY", "channel", "column:NAME")
"""What `effect(CHAIN, MARKER, by=...)` splits persons by: the profile's `segment` (the
workspace's segments, `journeymap profiles`), or an analytics segmentation
(`analytics.segmentation`: a trait, a property of the first event that has it, the channel of
first touch, an events column)."""
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
    if function == "effect":
        _check_effect_form(text, inner)
        return
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


def effect_operands(inner: str) -> tuple[str, str]:
    """(chain id, marker) of the text inside `effect(...)`; the marker defaults to `goal`."""
    chain, marker, _by = effect_parts(inner)
    return chain, marker


def effect_parts(inner: str) -> tuple[str, str, str | None]:
    """(chain id, marker, segmentation or None) of the text inside `effect(...)`: the operands
    after the chain are the marker and `by=SPEC`, in this order, each optional."""
    chain, *rest = (part.strip() for part in inner.split(","))
    by = None
    if rest and rest[-1].replace(" ", "").startswith("by="):
        by = rest.pop().split("=", 1)[1].strip()
    marker = rest[0] if rest else ""
    return chain, (marker or "goal"), by


def effect_segment_problem(spec: str) -> tuple[str, str] | None:
    """(message, hint) when `spec` is not a segmentation of `EFFECT_SEGMENTS`, else None."""
    kind, colon, key = spec.partition(":")
    kind = kind.strip().lower()
    if (kind in ("segment", "channel") and not colon) or (
        kind in ("trait", "property", "column") and key.strip()
    ):
        return None
    guess = difflib.get_close_matches(kind, ("segment", "trait", "property", "channel", "column"))
    known = ", ".join(EFFECT_SEGMENTS)
    hint = (
        _("segment by: {known} (did you mean {guess}?)", known=known, guess=guess[0])
        if guess
        else _("segment by: {known}", known=known)
    )
    return _("unknown segmentation '{spec}'", spec=spec), hint


def _check_effect_form(text: str, inner: str) -> None:
    chain, marker, by = effect_parts(inner)
    operands = inner.count(",") + 1
    if not chain or "->" in inner or operands > 2 + (by is not None) or operands > 3:
        raise HintedValueError(
            _(
                "{function} takes {form}, not '{measure}'",
                function="effect",
                form="effect(CHAIN) / effect(CHAIN, MARKER) / effect(CHAIN, MARKER, by=SEGMENTS)",
                measure=text,
            ),
            _("write measure: {fixed}", fixed="effect(cart-reminder, cart_recovery)"),
        )
    if marker not in EFFECT_MARKERS:
        guess = difflib.get_close_matches(marker, EFFECT_MARKERS, n=1)
        raise HintedValueError(
            _("unknown success marker '{marker}' in '{measure}'", marker=marker, measure=text),
            _("write measure: {fixed}", fixed=f"effect({chain}, {guess[0]})")
            if guess
            else _("markers: {known}", known=", ".join(EFFECT_MARKERS)),
        )
    problem = effect_segment_problem(by) if by is not None else None
    if problem is not None:
        raise HintedValueError(*problem)


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
    if function == "effect":
        yield function, "chain", effect_operands(match.group(2))[0]
        return
    for part in match.group(2).split("->"):
        prefix, sep, rest = part.partition(":")
        if sep and prefix.strip() in OPERAND_PREFIXES:
            yield function, prefix.strip(), rest.strip()
        else:
            yield function, None, part.strip()
