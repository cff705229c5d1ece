"""Round-trip YAML: comments, key order and Cyrillic text survive a load and a dump."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.representer import RoundTripRepresenter

from journeymap.model.yaml_repairs import (
    ALIAS_LOOKING,
    COLON_IN_VALUE,
    MAX_REPAIRS,
    Repair,
    quote_alias_looking,
    quote_parentheses,
    quote_value,
)


class PlainRepresenter(RoundTripRepresenter):
    """Writes a value used twice (one date for every `measured.at`) as itself, never as an
    `&id001` / `*id001` pair; only anchors the author wrote are kept."""

    def ignore_aliases(self, data: Any) -> bool:
        anchor = getattr(data, "anchor", None)
        return getattr(anchor, "value", None) is None


NO_WRAP = 1_000_000
"""ruamel folds long plain and quoted lines at `width`; a line the author kept long stays long."""


def yaml_engine() -> YAML:
    engine = YAML(typ="rt")
    engine.Representer = PlainRepresenter
    engine.allow_unicode = True  # keep Russian text readable, never \u escapes
    engine.width = NO_WRAP
    engine.indent(mapping=2, sequence=4, offset=2)
    engine.preserve_quotes = True
    return engine


def parse_yaml(text: str) -> Any:
    return yaml_engine().load(text)


def parse_yaml_lenient(text: str) -> tuple[Any, list[Repair]]:
    """Parse YAML, quoting what ordinary phrasing puts where YAML expects syntax: plain values
    containing ': ', emphasis such as `*важно*`, commas inside parentheses of a flow mapping.
    Returns the data and the repaired lines."""
    lines = text.split("\n")
    repaired = quote_parentheses(lines)
    while True:
        try:
            return parse_yaml("\n".join(lines)), repaired
        except MarkedYAMLError as exc:
            mark = exc.problem_mark
            done = {r.line for r in repaired}
            if len(repaired) >= MAX_REPAIRS or mark is None or mark.line in done:
                raise
            problem = str(exc.problem)
            fixed: str | None = None
            if "mapping values are not allowed" in problem:
                fixed, kind = quote_value(lines[mark.line]), COLON_IN_VALUE
            elif "undefined alias" in problem or "expected alphabetic or numeric" in problem:
                fixed, kind = quote_alias_looking(lines[mark.line]), ALIAS_LOOKING
            if fixed is None:
                raise
            lines[mark.line] = fixed
            repaired.append(Repair(mark.line, kind, fixed.strip()))


def emit_yaml(data: Any) -> str:
    buffer = io.StringIO()
    yaml_engine().dump(data, buffer)
    return buffer.getvalue()


def to_plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses as plain Python values."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def position(
    data: Any, loc: tuple[str | int, ...], *, key: bool = False
) -> tuple[tuple[str | int, ...], int | None, int | None]:
    """Walk `loc` through parsed YAML; return the part of it that exists, and its 1-based line/col.

    Parts that are not in the data (pydantic's union branch names, model fields absent from
    the file) are skipped, so a problem points at the closest thing the author wrote.
    """
    node = data
    found: list[str | int] = []
    line: int | None = 1
    col: int | None = 1
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            lc = node.lc.key(part) if (key and last) else node.lc.value(part)
            line, col = lc[0] + 1, lc[1] + 1
            node = node[part]
            found.append(part)
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            lc = node.lc.item(part)
            line, col = lc[0] + 1, lc[1] + 1
            node = node[part]
            found.append(part)
        elif isinstance(node, CommentedMap) and isinstance(part, str) and not last:
            # A union branch name such as 'Condition' or 'function-after[...]': skip it.
            continue
    return tuple(found), line, col


def merge_into(old: Any, new: Any) -> Any:
    """Update parsed YAML `old` to hold `new`, keeping comments, order and styles where unchanged.

    Lists of mappings with `id` keys are matched by id, so reordering or inserting a stage keeps
    the comments of every other stage.
    """
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            old[k] = merge_into(old[k], v) if k in old else v
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        by_id = {
            item.get("id"): item for item in old if isinstance(item, CommentedMap) and "id" in item
        }
        merged = []
        for index, item in enumerate(new):
            if isinstance(item, dict) and item.get("id") in by_id:
                merged.append(merge_into(by_id[item["id"]], item))
            elif index < len(old) and not by_id:
                merged.append(merge_into(old[index], item))
            else:
                merged.append(item)
        if len(merged) == len(old) and all(a is b for a, b in zip(merged, old, strict=True)):
            return old
        old[:] = merged
        return old
    plain = to_plain(old)
    if plain == new and (type(plain) is type(new) or _same_number(plain, new)):
        return old  # keeps the author's quoting and number style (`4` stays `4`, not `4.0`)
    return new


def _same_number(old: Any, new: Any) -> bool:
    """An int and a float of equal value (the model reads `target: 4` as 4.0); never a bool."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (old, new))
    return numbers and old == new
