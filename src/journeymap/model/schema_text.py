"""The map format's descriptions (model docstrings, field descriptions) in the user's language.

The English text, on one line, is the message id in the catalog under the context `schema`;
`schema_messages` lists them for `python -m journeymap.i18n.catalog_tools`, `describe` gives one
in the current language and `translate_schema` rewrites every description of a JSON Schema.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from journeymap.i18n import get_language, pgettext
from journeymap.model.journey import JourneyMap

SCHEMA_CONTEXT = "schema"
"""The catalog context of the descriptions (a field's text may equal a message elsewhere)."""


def schema_key(text: str) -> str:
    """The catalog id of a description: its words on one line."""
    return " ".join(text.split())


def map_models(root: type[BaseModel] = JourneyMap) -> list[type[BaseModel]]:
    """`root` and every model its fields reach, in the order a reader meets them."""
    seen: list[type[BaseModel]] = []

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                return
            seen.append(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
            return
        for arg in get_args(tp):
            visit(arg)

    visit(root)
    return seen


def field_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """The docstring written under each field of `model` or of the model it inherits the field
    from (what pydantic's `use_attribute_docstrings` reads), by field name."""
    found: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not BaseModel:
            found |= _own_docstrings(cls)
    return found


def _own_docstrings(model: type[BaseModel]) -> dict[str, str]:
    try:
        source = textwrap.dedent(inspect.getsource(model))
    except (OSError, TypeError):  # no source (a frozen or generated class): no descriptions
        return {}
    [definition] = ast.parse(source).body
    assert isinstance(definition, ast.ClassDef)
    found: dict[str, str] = {}
    body = definition.body
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = inspect.cleandoc(following.value.value)
    return found


@cache
def with_docstrings() -> type[JourneyMap]:
    """`JourneyMap` with every field's docstring as its `description` (once per process).

    Only the fields' descriptions are set: the classes are not rebuilt, because a rebuild
    removes a class's validator for a moment, and a map validated in another thread at that
    moment fails (`described_json_schema` writes the descriptions into the JSON Schema)."""
    for model in map_models():
        docstrings = field_docstrings(model)
        for name, info in model.model_fields.items():
            if info.description is None and name in docstrings:
                info.description = docstrings[name]
    return JourneyMap


def described_json_schema() -> dict[str, Any]:
    """The map's JSON Schema (validation mode) with each field's description, where pydantic
    would have written it had the models been built with them."""
    schema = with_docstrings().model_json_schema(mode="validation")
    for model in map_models():
        definition = schema if model is JourneyMap else schema.get("$defs", {}).get(model.__name__)
        properties = _properties(definition or {})
        for name, info in model.model_fields.items():
            key = info.validation_alias if isinstance(info.validation_alias, str) else name
            prop = properties.get(key)
            if prop is not None and info.description and "description" not in prop:
                properties[key] = _with_description(prop, info.description)
    return schema


def _properties(definition: dict[str, Any]) -> dict[str, Any]:
    """The `properties` of a model's schema, also when the model's own JSON Schema wraps it
    (`anyOf` a short form and the object)."""
    if "properties" in definition:
        found: dict[str, Any] = definition["properties"]
        return found
    for choice in definition.get("anyOf", []):
        if "properties" in choice:
            inner: dict[str, Any] = choice["properties"]
            return inner
    return {}


def _with_description(prop: dict[str, Any], description: str) -> dict[str, Any]:
    """`prop` with its description where pydantic puts it: in key order when the keys are
    sorted (pydantic sorts most of a schema's keys), else just before the title."""
    keys = list(prop)
    if keys == sorted(keys):
        return dict(sorted({**prop, "description": description}.items()))
    at = keys.index("title") if "title" in keys else len(keys)
    items = list(prop.items())
    return dict([*items[:at], ("description", description), *items[at:]])


def schema_messages() -> list[str]:
    """Every description of the map format, once each (the catalog's `schema` messages)."""
    with_docstrings()
    texts: dict[str, None] = {}
    for model in map_models():
        if model.__doc__:
            texts[schema_key(model.__doc__)] = None
        for info in model.model_fields.values():
            if info.description:
                texts[schema_key(info.description)] = None
    return list(texts)


def describe(text: str) -> str:
    """`text` in the current language (on one line when translated; English is kept as is)."""
    if get_language() == "en":
        return text
    key = schema_key(text)
    translated = pgettext(SCHEMA_CONTEXT, key)
    return text if translated == key else translated


def translate_schema(schema: Any) -> Any:
    """A copy of a JSON Schema with every `description` in the current language."""
    if isinstance(schema, dict):
        return {
            key: describe(value)
            if key == "description" and isinstance(value, str)
            else translate_schema(value)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [translate_schema(item) for item in schema]
    return schema
