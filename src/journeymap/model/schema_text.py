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
    """`JourneyMap` with every field's docstring as its description (once per process): the
    models are rebuilt, innermost first, so that their JSON Schema carries the descriptions."""
    models = map_models()
    for model in models:
        docstrings = field_docstrings(model)
        for name, info in model.model_fields.items():
            if info.description is None and name in docstrings:
                info.description = docstrings[name]
    for model in _innermost_first(models):
        model.model_rebuild(force=True)
    return JourneyMap


def _innermost_first(models: list[type[BaseModel]]) -> list[type[BaseModel]]:
    """`models` ordered so that each comes after every model its fields use (a model used by
    two others is rebuilt before both)."""
    ordered: list[type[BaseModel]] = []
    seen: set[type[BaseModel]] = set()  # a model that refers to itself is visited once

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen or tp not in models:
                return
            seen.add(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
            ordered.append(tp)
            return
        for arg in get_args(tp):
            visit(arg)

    for model in models:
        visit(model)
    return ordered


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
