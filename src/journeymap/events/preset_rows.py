"""One row of a vendor export to staged events, following its preset (see `presets`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from journeymap.events.presets import EventRule, Field, Preset
from journeymap.events.vendor_text import parse_number, parse_time

PLACEHOLDER: Final = re.compile(r"\{([^{}]+)\}")
Staged = dict[str, Any]
"""A staging row: the keys of `staging.STAGE_COLUMNS`, objects still as dicts."""


@dataclass
class Row:
    """A row's cells by column name (header spelling and lower case), with its line number."""

    number: int
    cells: dict[str, str]
    raw: str

    def get(self, *columns: str) -> str | None:
        """The first non-empty cell of these columns."""
        for column in columns:
            value = self.cells.get(_lower(column), "").strip()
            if value:
                return value
        return None


_lower = cache(str.lower)
"""Preset column names are few and asked for on every row: lower-case each once."""


def make_row(number: int, keys: list[str], values: list[str], raw: str) -> Row:
    """A row from the header's `keys` (stripped, lower case) and the row's values."""
    if len(values) < len(keys):
        values = values + [""] * (len(keys) - len(values))
    return Row(number, dict(zip(keys, values, strict=False)), raw)


def header_keys(header: list[str]) -> list[str]:
    return [name.strip().lower() for name in header]


def fill(template: str, row: Row) -> str | None:
    """A template with `{column}` placeholders; None when a named cell is empty."""
    missing = False

    def cell(match: re.Match[str]) -> str:
        nonlocal missing
        value = row.get(match.group(1))
        if value is None:
            missing = True
            return ""
        return value

    text = PLACEHOLDER.sub(cell, template)
    return None if missing else text


def convert(value: str, kind: str) -> tuple[Any, str | None]:
    """(value, reason): a cell as its type; a reason when it does not read as that type."""
    if kind == "number":
        number = parse_number(value)
        return (number, None) if number is not None else (value, "not a number")
    if kind == "integer":
        number = parse_number(value)
        if number is None or not number.is_integer():
            return value, "not a whole number"
        return int(number), None
    if kind == "json":
        try:
            return json.loads(value), None
        except ValueError:
            return value, "invalid JSON"
    if kind == "list":
        return [part.strip() for part in re.split(r"[,;]", value) if part.strip()], None
    return value, None


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value


def fields_of(row: Row, fields: tuple[Field, ...], reasons: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in fields:
        value = row.get(*spec.columns)
        if value is None:
            continue
        converted, reason = convert(value, spec.type)
        if reason is not None:
            reasons.append(f"{reason} in {spec.columns[0]}")
            continue
        if spec.type == "json" and isinstance(converted, dict) and spec.key == "*":
            out.update(converted)
        else:
            _set_path(out, spec.key, converted)
    return out


def _named_columns(preset: Preset) -> set[str]:
    named = {c.lower() for c in (*preset.user_id, *preset.anonymous_id, *preset.channel_columns)}
    for group in (preset.properties, preset.traits, preset.context):
        named |= {c.lower() for spec in group for c in spec.columns}
    for rule in preset.events:
        named |= {c.lower() for c in rule.time}
    return named


def rest_columns(header: list[str], preset: Preset) -> list[tuple[str, str]]:
    """(name, key) of the header's columns the preset does not name: where `rest` goes."""
    if preset.rest == "drop":
        return []
    named = _named_columns(preset)
    return [
        (name.strip(), key)
        for name, key in zip(header, header_keys(header), strict=True)
        if key and key not in named
    ]


def rest_of(row: Row, columns: list[tuple[str, str]]) -> dict[str, str]:
    cells = row.cells
    return {name: cells[key].strip() for name, key in columns if cells[key].strip()}


def _time(row: Row, rule: EventRule, preset: Preset, zone: str) -> tuple[str | None, str | None]:
    text = row.get(*rule.time)
    if text is None:
        return None, None  # staging says "missing time"
    parsed = parse_time(text, zone, preset.date_formats)
    return (parsed, None) if parsed is not None else (text, "unparsable time")


def _applies(rule: EventRule, row: Row) -> bool:
    if rule.when is None:
        return True
    value = row.get(rule.when)
    if value is None:
        return False
    return not rule.when_in or value.lower() in {v.lower() for v in rule.when_in}


def _own(rule: EventRule, row: Row, reasons: list[str]) -> dict[str, Any]:
    """The rule's own properties, templates filled (a key whose cells are empty is left out)."""
    out: dict[str, Any] = {}
    for key, template in rule.properties.items():
        value = fill(template, row)
        if value is None:
            continue
        if key in rule.numeric:
            number = parse_number(value)
            if number is None:
                reasons.append(f"not a number in {key}")
                continue
            out[key] = number
        else:
            out[key] = value
    return out


def row_events(row: Row, rest: list[tuple[str, str]], preset: Preset, zone: str) -> list[Staged]:
    """The events one row gives (`rest`: see `rest_columns`); a row whose cells do not read
    gets its reason on each."""
    reasons: list[str] = []
    properties = {**preset.constants, **fields_of(row, preset.properties, reasons)}
    traits = fields_of(row, preset.traits, reasons)
    context = fields_of(row, preset.context, reasons)
    others = rest_of(row, rest)
    (traits if preset.rest == "traits" else properties).update(
        {k: v for k, v in others.items() if k not in properties and k not in traits}
    )
    channel = row.get(*preset.channel_columns) if preset.channel_columns else None
    staged = []
    for rule in preset.events:
        if not _applies(rule, row):
            continue
        time, time_reason = _time(row, rule, preset, zone)
        identify = rule.type == "identify"
        staged.append(
            {
                "row_number": row.number,
                "raw": row.raw,
                "message_id": fill(rule.id, row) if rule.id else None,
                "type": rule.type,
                "event": fill(rule.name, row) if rule.name else None,
                "anonymous_id": row.get(*preset.anonymous_id),
                "user_id": row.get(*preset.user_id),
                "time": time,
                "channel": channel or preset.channel,
                "properties": None if identify else {**properties, **_own(rule, row, reasons)},
                "context": context or None,
                "traits": traits if identify or traits else None,
                "previous_id": None,
                "reason": reasons[0] if reasons else time_reason,
            }
        )
    return staged
