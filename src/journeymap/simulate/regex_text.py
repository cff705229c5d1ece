"""Write a short text that a simple regular expression matches (for URLs and properties).

Supported: literals and escapes (`\\.`, `\\/`), `.`, classes (`[a-z0-9-]`, `\\d`, `\\w`,
`\\s`, negated classes), groups with alternatives (the first is used), quantifiers `?`, `*`,
`+`, `{n}`, `{n,m}` (the smallest count: none for `?` and `*`, one for `+`), anchors `^` and `$`,
and `\\b`. Anything else (look-arounds, back-references, negated classes that exclude
every candidate) raises `RegexTextError`; the caller then says which binding needs a plainer
pattern.
"""

from __future__ import annotations

import re

from journeymap.i18n import gettext as _

_CLASS_ESCAPES = {"d": "0", "w": "a", "s": " "}
_PLAIN_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}
_CANDIDATES = "a0-_/.xyzAB19 "


class RegexTextError(ValueError):
    """The pattern is outside the subset this generator understands."""


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.pos = 0

    def peek(self) -> str | None:
        return self.pattern[self.pos] if self.pos < len(self.pattern) else None

    def take(self) -> str:
        char = self.pattern[self.pos]
        self.pos += 1
        return char


def text_for(pattern: str) -> str:
    """A text that `re.search(pattern, text)` matches; raises `RegexTextError` if unsure."""
    reader = _Reader(pattern)
    text = _alternatives(reader)
    if reader.peek() is not None:
        raise RegexTextError(
            _("unbalanced ')' at position {pos} of {pattern!r}", pos=reader.pos, pattern=pattern)
        )
    if re.search(pattern, text) is None:
        raise RegexTextError(_("cannot write a text matching {pattern!r}", pattern=pattern))
    return text


def url_for(pattern: str, base: str = "https://shop.example") -> str:
    """A URL matching `pattern`; unanchored path patterns are put under `base`."""
    core = text_for(pattern)
    if core.startswith(("http://", "https://")):
        return core
    candidate = base + (core if core.startswith("/") else "/" + core)
    return candidate if re.search(pattern, candidate) else core


def _alternatives(reader: _Reader) -> str:
    first = _sequence(reader)
    while reader.peek() == "|":
        reader.take()
        _sequence(reader)  # parsed to move past it; the first alternative is the text
    return first


def _sequence(reader: _Reader) -> str:
    parts: list[str] = []
    while (char := reader.peek()) is not None and char not in "|)":
        atom = _atom(reader)
        parts.append(_quantified(reader, atom))
    return "".join(parts)


def _atom(reader: _Reader) -> str:
    char = reader.take()
    if char in "^$":
        return ""
    if char == ".":
        return "x"
    if char == "(":
        if reader.peek() == "?":
            reader.take()
            kind = reader.take() if reader.peek() is not None else ""
            if kind != ":":
                raise RegexTextError(_("group (?{kind}...) is not supported", kind=kind))
        text = _alternatives(reader)
        if reader.peek() != ")":
            raise RegexTextError(_("missing ')'"))
        reader.take()
        return text
    if char == "[":
        return _character_class(reader)
    if char == "\\":
        return _escape(reader, in_class=False)
    if char in "*+?{":
        raise RegexTextError(_("nothing to repeat before {char!r}", char=char))
    return char


def _escape(reader: _Reader, *, in_class: bool) -> str:
    if reader.peek() is None:
        raise RegexTextError(_("pattern ends with a backslash"))
    char = reader.take()
    if char in _CLASS_ESCAPES:
        return _CLASS_ESCAPES[char]
    if char in _PLAIN_ESCAPES:
        return _PLAIN_ESCAPES[char]
    if char in "bB" and not in_class:
        return ""
    if char.isalnum():
        raise RegexTextError(_("escape \\{char} is not supported", char=char))
    return char


def _character_class(reader: _Reader) -> str:
    negated = reader.peek() == "^"
    if negated:
        reader.take()
    members, ranges = _class_members(reader)
    if not negated:
        return members[0] if members else ranges[0][0]
    for candidate in _CANDIDATES:
        inside = candidate in members or any(lo <= candidate <= hi for lo, hi in ranges)
        if not inside:
            return candidate
    raise RegexTextError(_("negated class excludes every candidate character"))


def _class_members(reader: _Reader) -> tuple[list[str], list[tuple[str, str]]]:
    members: list[str] = []
    ranges: list[tuple[str, str]] = []
    first = True
    while True:
        if reader.peek() is None:
            raise RegexTextError(_("missing ']'"))
        char = reader.take()
        if char == "]" and not first:
            return members, ranges
        first = False
        if char == "\\":
            members.append(_escape(reader, in_class=True))
        elif reader.peek() == "-" and reader.pos + 1 < len(reader.pattern):
            after = reader.pattern[reader.pos + 1]
            if after == "]":
                members.append(char)
            else:
                reader.take()
                ranges.append((char, reader.take()))
        else:
            members.append(char)


def _quantified(reader: _Reader, atom: str) -> str:
    char = reader.peek()
    if char is None:
        return atom
    if char in "*?":
        reader.take()
        _lazy(reader)
        return ""
    if char == "+":
        reader.take()
        _lazy(reader)
        return atom
    if char == "{":
        close = reader.pattern.find("}", reader.pos)
        body = reader.pattern[reader.pos + 1 : close] if close > 0 else ""
        match = re.fullmatch(r"(\d+)(?:,(\d*))?", body)
        if not match:
            return atom  # a literal '{' as Python reads it
        reader.pos = close + 1
        _lazy(reader)
        return atom * int(match[1])
    return atom


def _lazy(reader: _Reader) -> None:
    if reader.peek() in ("?", "+"):
        reader.take()
