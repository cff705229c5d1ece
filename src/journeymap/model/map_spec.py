"""Write the map model's validation schema as data, for the quick check of `journeymap validate`.

pydantic builds the map's 31 model classes at import (0.15 s of CPU with pydantic's own import,
twice the start-up of a bare Typer + Rich command line); `journeymap validate MAP` needs only a
yes or no for a map that has no problem. This module turns the core schema pydantic validates
with (`JourneyMap.__pydantic_core_schema__`) into JSON (`map_spec.json`, shipped in the package):
field names, aliases, types, constraints, defaults, and each validator function by its name,
which `journeymap.model.validator_twins` maps to the same rule in `value_rules`. It refuses
anything it does not know, so a new kind of field or validator fails here (and in the test that
compares the stored file with a fresh export) instead of being skipped by the quick check.

Run `python -m journeymap.model.map_spec` after changing the model; tests/model/test_quick_check.py
fails until the stored file is current.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from typing import Any

from pydantic import BaseModel

from journeymap.model.spec_check import SPEC_FILE

_ADDRESS = re.compile(r":\d+$")
_DROPPED = frozenset({"metadata", "serialization", "serialization_alias", "ref", "computed_fields"})
_CONFIG = {
    "extra_fields_behavior": "forbid",
    "str_strip_whitespace": "strip",
    "validate_by_name": "by_name",
    "validate_by_alias": "by_alias",
}
_IGNORED_CONFIG = frozenset({"title", "validate_default"})


class UnknownSchemaError(ValueError):
    """The core schema holds something the quick check cannot read."""


def export_spec() -> dict[str, Any]:
    """The stored form of the map's core schema (see the module's docstring), and of the
    workspace's `journeymap.toml` (`validate` with no paths reads the workspace's maps)."""
    from journeymap.model.journey import JourneyMap
    from journeymap.model.workspace import WorkspaceConfig

    return {
        "format": 1,
        "schema": _node(JourneyMap.__pydantic_core_schema__),
        "workspace": _node(WorkspaceConfig.__pydantic_core_schema__),
    }


def _node(node: Any) -> Any:
    if isinstance(node, list | tuple):
        return [_node(item) for item in node]
    if not isinstance(node, dict):
        return _value(node)
    kind = node.get("type")
    if kind == "model":
        return _model(node)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key not in _DROPPED and (key != "default_factory_takes_data" or value is not False):
            _entry(out, key, value)
    if kind in ("function-wrap", "function-plain") or (kind == "default" and "schema" not in out):
        raise UnknownSchemaError(f"unsupported schema: {kind}")
    return out


def _entry(out: dict[str, Any], key: str, value: Any) -> None:
    """Write `key` of a schema node to `out`, in its stored form."""
    if key == "function" and callable(value):
        out[key] = function_name(value)
    elif key == "discriminator" and callable(value):
        out[key] = {"function": function_name(value)}
    elif key == "function" and isinstance(value, dict):
        if value.get("type") != "no-info":
            raise UnknownSchemaError(f"validator with info: {value}")
        out[key] = function_name(value["function"])
    elif key == "default_factory":
        out["default"] = plain_value(value())
    elif key == "schema_ref":
        out[key] = _ADDRESS.sub("", value)
    elif key == "definitions":
        out[key] = {_ADDRESS.sub("", item["ref"]): _node(item) for item in value}
    else:
        out[key] = _node(value)


def _model(node: dict[str, Any]) -> dict[str, Any]:
    for key in ("custom_init", "root_model", "post_init"):
        if node.get(key):
            raise UnknownSchemaError(f"model with {key}: {node['cls']}")
    config: dict[str, Any] = {}
    for key, value in (node.get("config") or {}).items():
        if key in _IGNORED_CONFIG and (key == "title" or value is False):
            continue
        if key not in _CONFIG:
            raise UnknownSchemaError(f"model config {key}={value!r} of {node['cls']}")
        config[_CONFIG[key]] = value
    return {
        "type": "model",
        "name": node["cls"].__name__,
        "config": config,
        "schema": _node(node["schema"]),
    }


def function_name(function: Any) -> str | list[Any]:
    """A validator's name in the stored schema: `Class.method` or `function`, or for a
    partial, its function's name and arguments (`["canonical", "source"]`)."""
    if isinstance(function, functools.partial):
        return [function.func.__qualname__, *[_value(a) for a in function.args]]
    name: str = function.__qualname__
    if "<" in name:
        raise UnknownSchemaError(f"anonymous validator {name}: give it a name")
    return name


def plain_value(value: Any) -> Any:
    """A default as the quick check gives it: a model as a dict of all its fields."""
    if isinstance(value, BaseModel):
        return {name: plain_value(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_value(item) for key, item in value.items()}
    return _value(value)


def _value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise UnknownSchemaError(f"value not storable as JSON: {value!r}")


def spec_text() -> str:
    return json.dumps(export_spec(), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main() -> None:
    SPEC_FILE.write_text(spec_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SPEC_FILE}\n")


if __name__ == "__main__":
    main()
