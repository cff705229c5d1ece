"""Read a clean map with libyaml's C parser, as the round-trip reader would read it.

ruamel's round-trip parser (`journeymap.model.yamlio`) keeps comments and positions, which
editing and error messages need, but it is pure Python: most of `journeymap validate`'s time
on a map that has no problem. `read_plain` gives the same plain data (what
`to_plain(parse_yaml(text))` gives) from PyYAML's C parser, or None whenever the two readers
could differ, and the caller then takes the round-trip path as before. In doubt means: no C
parser, a YAML error, a directive, a YAML 1.1 line break (NEL, LS, PS), an explicit tag, a
merge key, a duplicate or non-text key, a recursive alias, or a plain scalar that YAML 1.2
reads as anything but text, a decimal whole number, a plain decimal fraction, a `YYYY-MM-DD`
date, a boolean or null.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from journeymap.model.yaml_repairs import quote_parentheses

# The tags the composer gives nodes without a tag of their own; a node with an explicit tag
# (even `!!str`, which ruamel keeps as a tagged scalar) is left to ruamel.
_PLAIN = "journeymap:plain"
"""A plain scalar, resolved below as ruamel would."""
_TEXT = "journeymap:text"
"""A quoted or block scalar: text."""
_SEQ = "journeymap:seq"
_MAP = "journeymap:map"

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# ruamel.yaml's YAML 1.2 implicit resolvers for numbers, timestamps, `<<` and `=`
# (ruamel/yaml/resolver.py; tests/model/test_quick_yaml.py checks the copy): a plain scalar
# they match but the forms above do not is left to ruamel.
RUAMEL_NON_TEXT = (
    r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    r"^(?:<<)$",
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    r"^(?:=)$",
)
_NON_TEXT = [re.compile(pattern, re.X) for pattern in RUAMEL_NON_TEXT]
_NON_TEXT_START = frozenset("-+.0123456789<=")
_DIRECTIVE = re.compile(r"^%", re.MULTILINE)
_YAML_11_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Line breaks to YAML 1.1 (libyaml), ordinary characters to YAML 1.2 (ruamel)."""


def read_clean_map(text: str) -> dict[str, Any] | None:
    """The mapping of a map's `text` when the C parser reads it as ruamel would and no repair
    applies (see `yaml_repairs`); None otherwise, and the round-trip reader takes it."""
    if quote_parentheses(text.split("\n")):
        return None
    data = read_plain(text)
    return data if isinstance(data, dict) else None


class _UnsureError(Exception):
    """The C parser's reading might differ from ruamel's: leave this text to ruamel."""


def read_plain(text: str) -> Any | None:
    """The plain data of YAML `text` (dicts with str keys, lists, str, int, float, bool, None,
    dates), exactly as ruamel's round-trip reader and `to_plain` give it; None when not sure."""
    if _PlainTagging is None or _DIRECTIVE.search(text) or _YAML_11_BREAKS.search(text):
        return None
    try:
        node = yaml.compose(text, Loader=_PlainTagging)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    try:
        return _plain(node, set())
    except _UnsureError:
        return None


_PlainTagging: type[Any] | None = None
"""A libyaml composer that tags plain scalars `_PLAIN` and resolves nothing itself; None where
PyYAML was built without libyaml (its pure-Python parser is no faster than ruamel's)."""

if getattr(yaml, "CBaseLoader", None) is not None:

    class _PlainTaggingComposer(yaml.CBaseLoader):
        def resolve(self, kind: type[Any], value: str, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _TEXT
            return _SEQ if kind is yaml.SequenceNode else _MAP

    _PlainTagging = _PlainTaggingComposer


def _plain(node: Any, open_nodes: set[int]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _PLAIN:
            return _scalar(node.value)
        if node.tag == _TEXT:
            return node.value
        raise _UnsureError
    if id(node) in open_nodes:
        raise _UnsureError  # an alias inside its own anchor
    open_nodes.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [_plain(item, open_nodes) for item in node.value]
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return _mapping(node.value, open_nodes)
        raise _UnsureError
    finally:
        open_nodes.discard(id(node))


def _mapping(pairs: list[tuple[Any, Any]], open_nodes: set[int]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in pairs:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _UnsureError
        key = _plain(key_node, open_nodes)
        if not isinstance(key, str) or key in result:
            raise _UnsureError  # ruamel refuses duplicates; other keys are rare enough to leave
        result[key] = _plain(value_node, open_nodes)
    return result


def _scalar(value: str) -> Any:
    """A plain scalar as YAML 1.2 (ruamel's default) reads it, or `_UnsureError`."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if value[0] not in _NON_TEXT_START:
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _UnsureError from None
    if any(pattern.match(value) for pattern in _NON_TEXT):
        raise _UnsureError
    return value
