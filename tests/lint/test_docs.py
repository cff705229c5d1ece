"""docs/lint-rules.md and its Russian twin docs/ru/lint-rules.md have one section per rule in the
registry, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeymap.lint import RULES

DOCS = Path(__file__).resolve().parents[2] / "docs"
# page: (its section parts, the label before the severity)
PAGES = {
    "lint-rules.md": (
        ("**Severity:**", "**What:**", "**Why:**", "**How to fix:**", "**Example:**"),
        "Severity",
    ),
    "ru/lint-rules.md": (
        ("**Серьёзность:**", "**Что:**", "**Почему:**", "**Как исправить:**", "**Пример:**"),
        "Серьёзность",
    ),
}


def _sections(page: str) -> dict[tuple[str, str], str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    parts = re.split(r"^### (JM\d{3}) (\S+)\s*$", text, flags=re.MULTILINE)
    return {(parts[i], parts[i + 1]): parts[i + 2] for i in range(1, len(parts), 3)}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_rule_has_a_section_and_every_section_a_rule(page: str) -> None:
    documented = set(_sections(page))
    registered = {(r.code, r.name) for r in RULES.values()}
    assert documented - registered == set(), "sections for rules that do not exist"
    assert registered - documented == set(), "rules without a section"


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("code", sorted(RULES))
def test_section_explains_the_rule(page: str, code: str) -> None:
    parts, label = PAGES[page]
    rule = RULES[code]
    section = _sections(page)[(code, rule.name)]
    missing = [part for part in parts if part not in section]
    assert not missing, f"{code} section lacks {missing}"
    severity = re.search(rf"\*\*{label}:\*\* (\w+)", section)
    assert severity is not None
    assert severity.group(1) == rule.severity
    assert "```" in section, "the example is a code block"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_sections_are_in_code_order(page: str) -> None:
    codes = [code for code, _ in _sections(page)]
    assert codes == sorted(codes)
