"""The rule registry: every rule by code, and lookup of codes people write in disable lists."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType

from journeymap.i18n import gettext as _
from journeymap.lint.rule import Rule
from journeymap.lint.rules import ALL_RULES


def _build(rules: tuple[Rule, ...]) -> Mapping[str, Rule]:
    by_code: dict[str, Rule] = {}
    names: set[str] = set()
    for item in sorted(rules, key=lambda r: r.code):
        if item.code in by_code:
            raise ValueError(f"two rules share the code {item.code}")
        if item.name in names:
            raise ValueError(f"two rules share the name {item.name}")
        by_code[item.code] = item
        names.add(item.name)
    return MappingProxyType(by_code)


RULES: Mapping[str, Rule] = _build(ALL_RULES)
"""Every lint rule by code, in code order."""

_BY_NAME = {r.name: r.code for r in RULES.values()}


def resolve_code(text: str) -> str | None:
    """The rule code for a code (`jm104` works too) or a rule name, or None if unknown."""
    cleaned = text.strip()
    if cleaned.upper() in RULES:
        return cleaned.upper()
    return _BY_NAME.get(cleaned.lower())


def suggest_code(text: str) -> str | None:
    """A did-you-mean for an unknown code or name: `JM10` -> `JM101 (map-without-goal)`."""
    candidates = [*RULES, *_BY_NAME]
    matches = difflib.get_close_matches(text.strip(), candidates, n=1, cutoff=0.6)
    if not matches and text.strip().upper() != text.strip():
        matches = difflib.get_close_matches(text.strip().upper(), list(RULES), n=1, cutoff=0.6)
    if not matches:
        return None
    code = _BY_NAME.get(matches[0], matches[0])
    return f"{code} ({RULES[code].name})"


def unknown_code_hint(text: str) -> str:
    guess = suggest_code(text)
    if guess:
        return _("did you mean {code}?", code=guess)
    return _("`journeymap lint --list-rules` shows every rule code")
