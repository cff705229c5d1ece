"""Text repairs that let ordinary phrasing through YAML: a plain value holding ': ', emphasis
that looks like an alias, a comma inside parentheses of a flow mapping. Plain text work, no YAML
library, so the quick reader (`journeymap.model.quick_yaml`) can tell a map needing none."""

from __future__ import annotations

import re
from dataclasses import dataclass

# `title: Online seed shop: first purchase` is how people write, but YAML forbids ': ' inside a
# plain value. We quote such a value and say so, instead of failing on the first line of a map.
_PLAIN_VALUE = re.compile(
    r"^(?P<head>\s*(?:-\s+)?[^\s#'\"{\[][^:#]*:\s+)(?P<value>[^'\"{\[|>&*!].*?)"
    r"(?P<comment>\s+#.*)?$"
)
# `- *важно* call the shop` or `note: *important*`: emphasis, not an alias that was never defined.
_ALIAS_LOOKING = re.compile(
    r"^(?P<head>\s*(?:-\s+)?(?:[^\s#'\"{\[][^:#]*:\s+)?)(?P<value>[*&][^\s].*?)"
    r"(?P<comment>\s+#.*)?$"
)
MAX_REPAIRS = 50

COLON_IN_VALUE = "colon"
"""A plain value holding ': ' was quoted."""
ALIAS_LOOKING = "alias"
"""A value starting with '*' or '&' that is no alias or anchor was quoted."""
COMMA_IN_PARENTHESES = "comma"
"""A flow-mapping value with a comma inside parentheses was quoted."""


@dataclass(frozen=True)
class Repair:
    """A line the lenient parser rewrote so that it means what the author wrote."""

    line: int
    """0-based line number."""
    kind: str
    fixed: str
    """The line as rewritten (shown in the note, so the author can make the file plain YAML)."""


def _quoted(value: str) -> str:
    return '"' + value.rstrip().replace("\\", "\\\\").replace('"', '\\"') + '"'


def quote_value(line: str) -> str | None:
    match = _PLAIN_VALUE.match(line)
    if not match or ": " not in match["value"]:
        return None
    return f"{match['head']}{_quoted(match['value'])}{match['comment'] or ''}"


def quote_alias_looking(line: str) -> str | None:
    match = _ALIAS_LOOKING.match(line)
    if not match:
        return None
    return f"{match['head']}{_quoted(match['value'])}{match['comment'] or ''}"


# A whole line `- {...}` or `key: {...}`: the forms a map uses (not text inside a block scalar).
_FLOW_MAPPING = re.compile(
    r"^(?P<head>\s*(?:-\s+|[^\s#'\"{\[\-][^:#{]*:\s+))\{(?P<body>[^{}]*)\}(?P<tail>\s*(?:#.*)?)$"
)


def quote_parentheses(lines: list[str]) -> list[Repair]:
    """`{id: vk, name: Соцсети (ВКонтакте, Telegram)}`: YAML would split the name at the comma
    and read `Telegram)` as a key; a comma inside parentheses always belongs to the text."""
    repaired = []
    for number, line in enumerate(lines):
        match = _FLOW_MAPPING.match(line)
        if not match or "(" not in match["body"]:
            continue
        items = _split_outside_parentheses(match["body"])
        if items is None or len(items) == match["body"].count(",") + 1:
            continue  # no comma inside parentheses
        quoted = []
        for item in items:
            key, sep, value = item.partition(":")
            value = value.strip()
            if sep and "," in value and value[:1] not in ("'", '"'):
                quoted.append(f"{key.strip()}: {_quoted(value)}")
            else:
                quoted.append(item.strip())
        lines[number] = f"{match['head']}{{{', '.join(quoted)}}}{match['tail']}"
        repaired.append(Repair(number, COMMA_IN_PARENTHESES, lines[number].strip()))
    return repaired


def _split_outside_parentheses(body: str) -> list[str] | None:
    """Items of a flow mapping split at commas outside parentheses; None when quotes are used
    or parentheses do not balance (then YAML's own reading stands)."""
    if "'" in body or '"' in body:
        return None
    items, depth, start = [], 0, 0
    for index, char in enumerate(body):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "," and depth == 0:
            items.append(body[start:index])
            start = index + 1
    if depth != 0:
        return None
    items.append(body[start:])
    return items
