"""Read plain map data against the stored schema (`map_spec.json`), as pydantic would, or say
"not sure".

This is a small reader of pydantic-core's schema language, limited to what the map model uses,
and strict where pydantic is lax: a value is accepted only in its own type (an int for an int, a
str for a str; an int for a float, as pydantic's strict mode does), and everything else raises
`UnsureError`. A value the model would refuse raises `UnsureError` too: the caller then reads
the map with pydantic, which reports it. So the reader never has to give an error message,
only to agree with pydantic on what it accepts (tests/model/test_quick_check.py compares the
two on the example maps and on many changed copies of them).

The result is the map as plain data: each model a dict of all its fields by name, defaults
filled in, text stripped, synonyms and short forms read, as the model's attributes would hold.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

from journeymap.model.validator_twins import twin

SPEC_FILE = Path(__file__).with_name("map_spec.json")
"""The stored schema (written by `python -m journeymap.model.map_spec`)."""


class UnsureError(Exception):
    """The value is not plainly valid: leave it to pydantic."""


class ModelFields(dict[str, Any]):
    """A model's fields by name (a plain dict is a field of mapping type)."""


_KINDS: dict[type, str] = {
    str: "str",
    bool: "bool",
    int: "int",
    float: "float",
    dict: "dict",
    list: "list",
    dt.date: "date",
    type(None): "none",
}
_SCALARS = frozenset({"str", "bool", "int", "float", "date"})


class SpecReader:
    """Reads values against one stored schema (`{"format": 1, "schema": ...}`; `part` names
    another schema of the file, such as `workspace`)."""

    def __init__(self, spec: dict[str, Any], part: str = "schema") -> None:
        if spec.get("format") != 1:
            raise UnsureError("unknown schema format")
        root = spec[part]
        self._definitions: dict[str, Any] = {}
        if root.get("type") == "definitions":
            self._definitions = root["definitions"]
            root = root["schema"]
        self._root = root
        self._configs: list[dict[str, Any]] = []

    def read(self, value: Any) -> Any:
        """`value` as the model would hold it; raises `UnsureError` when not plainly valid."""
        return self._read(self._root, value, strip=False)

    def _read(self, node: dict[str, Any], value: Any, *, strip: bool) -> Any:
        kind = node["type"]
        reader = getattr(self, "_" + kind.replace("-", "_"), None)
        if reader is None:
            raise UnsureError(f"schema type {kind}")
        return reader(node, value, strip)

    # scalars ---------------------------------------------------------------------------------

    def _str(self, node: dict[str, Any], value: Any, strip: bool) -> str:
        if type(value) is not str:
            raise UnsureError("not text")
        text: str = value.strip() if node.get("strip_whitespace", strip) else value
        if "\n" in text and "pattern" in node:
            raise UnsureError("multi-line text against a pattern")  # `$` differs between engines
        if not node.get("min_length", 0) <= len(text) <= node.get("max_length", len(text)):
            raise UnsureError("length")
        if "pattern" in node and not _pattern(node["pattern"]).search(text):
            raise UnsureError("pattern")
        if set(node) - {"type", "pattern", "min_length", "max_length", "strip_whitespace"}:
            raise UnsureError("str constraint")
        return text

    def _int(self, node: dict[str, Any], value: Any, strip: bool) -> int:
        if type(value) is not int:
            raise UnsureError("not a whole number")
        _bounds(node, value, {"type", "ge", "gt", "le", "lt", "strict"})
        return value

    def _float(self, node: dict[str, Any], value: Any, strip: bool) -> float:
        if type(value) not in (int, float):
            raise UnsureError("not a number")
        number = float(value)
        if not math.isfinite(number):
            raise UnsureError("nan or infinity")
        _bounds(node, number, {"type", "ge", "gt", "le", "lt"})
        return number

    def _bool(self, node: dict[str, Any], value: Any, strip: bool) -> bool:
        if type(value) is not bool or set(node) != {"type"}:
            raise UnsureError("not a boolean")
        return value

    def _date(self, node: dict[str, Any], value: Any, strip: bool) -> dt.date:
        if type(value) is not dt.date or set(node) != {"type"}:
            raise UnsureError("not a date")
        return value

    def _literal(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        for expected in node["expected"]:
            if type(expected) is type(value) and expected == value:
                return value
        raise UnsureError("not one of the values")

    def _any(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        return value

    # containers ------------------------------------------------------------------------------

    def _nullable(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        return None if value is None else self._read(node["schema"], value, strip=strip)

    def _list(self, node: dict[str, Any], value: Any, strip: bool) -> list[Any]:
        if type(value) is not list or set(node) - {"type", "items_schema"}:
            raise UnsureError("not a list")
        items = node.get("items_schema", {"type": "any"})
        return [self._read(items, item, strip=strip) for item in value]

    def _dict(self, node: dict[str, Any], value: Any, strip: bool) -> dict[Any, Any]:
        if type(value) is not dict or set(node) - {"type", "keys_schema", "values_schema"}:
            raise UnsureError("not a mapping")
        keys = node.get("keys_schema", {"type": "any"})
        values = node.get("values_schema", {"type": "any"})
        read = {
            self._read(keys, key, strip=strip): self._read(values, item, strip=strip)
            for key, item in value.items()
        }
        if len(read) != len(value):
            raise UnsureError("two keys read as one")
        return read

    def _definition_ref(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        return self._read(self._definitions[node["schema_ref"]], value, strip=strip)

    def _model(self, node: dict[str, Any], value: Any, strip: bool) -> ModelFields:
        config = node["config"]
        if config.get("forbid") != "forbid":
            raise UnsureError("a model that ignores unknown keys")
        # the model's own validators wrap its fields: model -> before/after -> model-fields
        self._configs.append(config)
        try:
            read = self._read(node["schema"], value, strip=bool(config.get("strip", False)))
        finally:
            self._configs.pop()
        if not isinstance(read, ModelFields):
            raise UnsureError("a model validator gave something else")
        return read

    def _model_fields(self, node: dict[str, Any], value: Any, strip: bool) -> ModelFields:
        if type(value) is not dict or not self._configs:
            raise UnsureError("not a mapping")
        config = self._configs[-1]
        by_alias = config.get("by_alias", True)
        by_name = config.get("by_name", False)
        used: set[str] = set()
        read = ModelFields()
        for name, field in node["fields"].items():
            keys = []
            alias = field.get("validation_alias")
            if alias is not None and not isinstance(alias, str):
                raise UnsureError("alias path")
            if alias is not None and by_alias:
                keys.append(alias)
            if alias is None or by_name:
                keys.append(name)
            present = [key for key in keys if key in value]
            if len(present) > 1:
                raise UnsureError("a field given under its name and its alias")
            schema = field["schema"]
            if present:
                used.add(present[0])
                read[name] = self._read(schema, value[present[0]], strip=strip)
            elif schema["type"] == "default":
                read[name] = _copy(schema["default"])
            else:
                raise UnsureError(f"missing {name}")
        if set(value) - used:
            raise UnsureError("unknown key")
        return read

    def _default(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        return self._read(node["schema"], value, strip=strip)  # a value was given

    # validators and unions -------------------------------------------------------------------

    def _function_before(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        return self._read(node["schema"], _run(node["function"], value), strip=strip)

    def _function_after(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        return _run(node["function"], self._read(node["schema"], value, strip=strip))

    def _tagged_union(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        discriminator = node["discriminator"]
        if isinstance(discriminator, dict):
            tag = _run(discriminator["function"], value)
        elif isinstance(discriminator, str) and type(value) is dict:
            tag = value.get(discriminator)
        else:
            raise UnsureError("discriminator")
        choice = node["choices"].get(tag)
        if choice is None:
            raise UnsureError("no choice for the tag")
        return self._read(choice, value, strip=strip)

    def _union(self, node: dict[str, Any], value: Any, strip: bool) -> Any:
        """pydantic's smart union, where it is plain: the one choice of the value's own type;
        an int for the one float choice; else the one choice (of a kind decided only by a
        validator) that accepts the value."""
        if set(node) - {"type", "choices"}:
            raise UnsureError("union options")
        choices = node["choices"]
        kind = _KINDS.get(type(value))
        kinds = [self._kind(choice) for choice in choices]
        exact = [c for c, k in zip(choices, kinds, strict=True) if k == kind]
        if not exact and kind == "int":
            exact = [c for c, k in zip(choices, kinds, strict=True) if k == "float"]
        if len(exact) == 1:
            return self._read(exact[0], value, strip=strip)
        if exact:
            raise UnsureError("more than one choice of the value's type")
        accepted = []
        for choice, choice_kind in zip(choices, kinds, strict=True):
            if choice_kind is not None:
                continue
            try:
                accepted.append(self._read(choice, value, strip=strip))
            except UnsureError:  # this choice refuses it (a validator's refusal included)
                continue
        if len(accepted) != 1:
            raise UnsureError("no single choice")
        return accepted[0]

    def _kind(self, node: dict[str, Any]) -> str | None:
        """The one Python type a schema accepts as is, or None (a validator decides)."""
        kind = node["type"]
        if kind in _SCALARS or kind in ("list", "dict"):
            return str(kind)
        if kind == "model":
            return self._kind(node["schema"])
        if kind == "model-fields":
            return "dict"
        if kind in ("function-after", "default"):
            return self._kind(node["schema"])
        if kind == "definition-ref":
            return self._kind(self._definitions[node["schema_ref"]])
        return None


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _bounds(node: dict[str, Any], number: float, allowed: set[str]) -> None:
    if set(node) - allowed:
        raise UnsureError("number constraint")
    if (
        ("ge" in node and not number >= node["ge"])
        or ("gt" in node and not number > node["gt"])
        or ("le" in node and not number <= node["le"])
        or ("lt" in node and not number < node["lt"])
    ):
        raise UnsureError("out of range")


def _run(name: str | list[Any], value: Any) -> Any:
    try:
        rule = twin(name)
    except KeyError:
        raise UnsureError(f"no twin for {name}") from None
    try:
        return rule(value)
    except Exception as error:
        raise UnsureError(str(error)) from None


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
