"""The map model's validators by the names `map_spec.json` gives them, on plain data.

Each entry runs the same rule as the pydantic validator of that name (both call
`journeymap.model.value_rules`); a model's after-validator gets the model's fields as a dict.
tests/model/test_quick_check.py checks that every name in the stored schema has a twin here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journeymap.i18n import canonical
from journeymap.model.measure_syntax import check_measure_form
from journeymap.model.value_rules import (
    age_range_from_text,
    age_text_as_number,
    check_age_order,
    check_dwell_order,
    check_has_selector,
    check_price_order,
    check_regex,
    check_sum,
    check_transitions,
    emotion_from_number,
    emotion_score,
    number_or_stages,
    one_or_many,
    percent_as_share,
    positive_duration,
    text_as,
)

Twin = Callable[[Any], Any]


def _measure_form(value: str | None) -> str | None:
    if value is not None:
        check_measure_form(value)
    return value


def _age_order(fields: dict[str, Any]) -> dict[str, Any]:
    check_age_order(fields["min"], fields["max"])
    return fields


def _dwell_order(fields: dict[str, Any]) -> dict[str, Any]:
    check_dwell_order(fields["median"], fields["p90"])
    return fields


def _price_order(fields: dict[str, Any]) -> dict[str, Any]:
    check_price_order(fields["median"], fields["p90"])
    return fields


def _has_selector(fields: dict[str, Any]) -> dict[str, Any]:
    keys = ("event", "type", "channel", "url", "properties", "context", "source")
    check_has_selector(*(fields[key] for key in keys))
    return fields


def _shares_sum(segments: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    check_sum({name: segment["share"] for name, segment in segments.items()})
    return segments


TWINS: dict[str, Twin] = {
    "AgeRange._from_string": age_range_from_text,
    "AgeRange._ordered": _age_order,
    "BehaviourOverrides._transitions_sum": check_transitions,
    "Binding._has_selector": _has_selector,
    "Binding._url_compiles": lambda value: check_regex(value, url=True),
    "Condition._compiles": check_regex,
    "DwellTime._ordered": _dwell_order,
    "Emotion._check_scale": emotion_score,
    "Emotion._from_number": emotion_from_number,
    "Evidence._from_string": lambda value: text_as("source", value),
    "KPI._measure_form": _measure_form,
    "KPI._percent_as_share": percent_as_share,
    "Persona._age_as_range": age_text_as_number,
    "PriceSettings._ordered": _price_order,
    "SimulationSettings._one_or_many": one_or_many,
    "SimulationSettings._shares_sum": _shares_sum,
    "SimulationSettings._transitions_sum": check_transitions,
    "Solution._from_string": lambda value: text_as("text", value),
    "number_or_stages": number_or_stages,
    "positive_duration": positive_duration,
}
"""Validator name -> the rule on plain data."""

PARTIALS: dict[str, Callable[..., Any]] = {"canonical": canonical}
"""Functions stored with their leading arguments (`["canonical", "source"]`)."""


def twin(name: str | list[Any]) -> Twin:
    """The rule stored as `name`; KeyError when the quick check has none (it then says "not
    sure" and the map is read by pydantic)."""
    if isinstance(name, list):
        function, *arguments = name
        rule = PARTIALS[function]
        return lambda value: rule(*arguments, value)
    return TWINS[name]
