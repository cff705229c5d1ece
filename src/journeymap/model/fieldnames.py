"""Which keys are allowed at a place in the map, for "did you mean" hints."""

from __future__ import annotations

import types
import typing
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from journeymap.model.journey import JourneyMap


def _unwrap(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in get_args(tp) for t in _unwrap(arg)]
    return [tp]


def _step(candidates: list[Any], part: str | int) -> list[Any]:
    following: list[Any] = []
    for tp in candidates:
        origin = get_origin(tp)
        if isinstance(part, int) and origin is list:
            following += _unwrap(get_args(tp)[0])
        elif isinstance(part, str) and origin is dict:
            following += _unwrap(get_args(tp)[1])
        elif isinstance(part, str) and isinstance(tp, type) and issubclass(tp, BaseModel):
            if part == tp.__name__:
                following.append(tp)
                continue
            for name, info in tp.model_fields.items():
                if part in (name, info.alias):
                    following += _unwrap(info.annotation)
    return following or candidates


def allowed_keys(loc: tuple[str | int, ...], root: type[BaseModel] = JourneyMap) -> list[str]:
    """Field names (aliases where set) of the model at `loc` of a `root` document (a map
    unless told); empty if it is not a model."""
    candidates: list[Any] = [root]
    for part in loc:
        candidates = _step(candidates, part)
    keys: list[str] = []
    for tp in candidates:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            keys += [info.alias or name for name, info in tp.model_fields.items()]
    return list(dict.fromkeys(keys))
