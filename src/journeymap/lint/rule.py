"""A lint rule: a stable code, a short name, a severity, a one-line message and a check."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from journeymap.lint.context import Hit, LintContext
from journeymap.lint.finding import SEVERITIES, Severity

CheckFn = Callable[[LintContext], Iterable[Hit]]
CODE_PATTERN = re.compile(r"^JM\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]+$")

FAMILIES = {
    "0": "file and loader notes",
    "1": "map",
    "2": "personas",
    "3": "stages and touchpoints",
    "4": "barriers, solutions and KPIs",
    "5": "evidence and review",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    message: str
    """One line saying what is wrong; findings may say it more specifically."""
    check: CheckFn | None = None
    """None for findings the runner itself emits (a map that does not load)."""
    can_disable: bool = True

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise ValueError(f"rule code {self.code!r} must look like JM123")
        if not NAME_PATTERN.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be lower-case-with-dashes")
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule severity {self.severity!r} is not one of {SEVERITIES}")

    @property
    def family(self) -> str:
        return FAMILIES[self.code[2]]

    @property
    def doc_anchor(self) -> str:
        """The GitHub-style anchor of the rule's section in docs/lint-rules.md."""
        return f"{self.code.lower()}-{self.name}"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "family": self.family,
            "doc": f"docs/lint-rules.md#{self.doc_anchor}",
        }


def rule(code: str, name: str, severity: Severity, message: str) -> Callable[[CheckFn], Rule]:
    """Decorate a check function to make it a `Rule`."""

    def wrap(check: CheckFn) -> Rule:
        return Rule(code, name, severity, message, check)

    return wrap
