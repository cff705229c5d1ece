"""docs/lint-rules.md has one section per rule in the registry, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeymap.lint import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "lint-rules.md"
PARTS = ("**Severity:**", "**What:**", "**Why:**", "**How to fix:**", "**Example:**")


def _sections() -> dict[tuple[str, str], str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### (JM\d{3}) (\S+)\s*$", text, flags=re.MULTILINE)
    return {(parts[i], parts[i + 1]): parts[i + 2] for i in range(1, len(parts), 3)}


def test_every_rule_has_a_section_and_every_section_a_rule() -> None:
    documented = set(_sections())
    registered = {(r.code, r.name) for r in RULES.values()}
    assert documented - registered == set(), "sections for rules that do not exist"
    assert registered - documented == set(), "rules without a section"


@pytest.mark.parametrize("code", sorted(RULES))
def test_section_explains_the_rule(code: str) -> None:
    rule = RULES[code]
    section = _sections()[(code, rule.name)]
    missing = [part for part in PARTS if part not in section]
    assert not missing, f"{code} section lacks {missing}"
    severity = re.search(r"\*\*Severity:\*\* (\w+)", section)
    assert severity is not None
    assert severity.group(1) == rule.severity
    assert "```" in section, "the example is a code block"


def test_sections_are_in_code_order() -> None:
    codes = [code for code, _ in _sections()]
    assert codes == sorted(codes)
