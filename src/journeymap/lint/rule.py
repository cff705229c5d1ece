"""A lint rule: a stable code, a short name, a severity, a one-line message and a check."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from journeymap.i18n import N_, gettext
from journeymap.lint.context import Hit, LintContext
from journeymap.lint.finding import SEVERITIES, Severity

CheckFn = Callable[[LintContext], Iterable[Hit]]
CODE_PATTERN = re.compile(r"^JM\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]+$")

FAMILIES = {
    "0": N_("file and loader notes"),
    "1": N_("map"),
    "2": N_("personas"),
    "3": N_("stages and touchpoints"),
    "4": N_("barriers, solutions and KPIs"),
    "5": N_("evidence and review"),
}
"""Message ids (English); `Rule.family` gives them in the current language."""

Param = Callable[[], object]
"""A message parameter computed when the message is shown (e.g. a percentage in its language)."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    message: str
    """One line saying what is wrong (the English message id, marked with `N_`); `text` gives
    it in the current language. Findings may say it more specifically."""
    check: CheckFn | None = None
    """None for findings the runner itself emits (a map that does not load)."""
    can_disable: bool = True
    params: tuple[tuple[str, Param], ...] = ()
    """Placeholders of `message`, computed when it is shown."""

    def __post_init__(self) -> None:
        if not CODE_PATTERN.match(self.code):
            raise ValueError(f"rule code {self.code!r} must look like JM123")
        if not NAME_PATTERN.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be lower-case-with-dashes")
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule severity {self.severity!r} is not one of {SEVERITIES}")

    @property
    def text(self) -> str:
        """The one-line message in the current language."""
        return gettext(self.message, **{name: value() for name, value in self.params})

    @property
    def family(self) -> str:
        return gettext(FAMILIES[self.code[2]])

    @property
    def doc_anchor(self) -> str:
        """The GitHub-style anchor of the rule's section in docs/lint-rules.md."""
        return f"{self.code.lower()}-{self.name}"

    def as_dict(self) -> dict[str, object]:
        page = gettext("docs/lint-rules.md")  # the Russian catalog points at docs/ru/
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.text,
            "family": self.family,
            "doc": f"{page}#{self.doc_anchor}",
        }


def rule(
    code: str, name: str, severity: Severity, message: str, **params: Param
) -> Callable[[CheckFn], Rule]:
    """Decorate a check function to make it a `Rule`; `message` is marked with `N_` and its
    placeholders are given as functions in `params`."""

    def wrap(check: CheckFn) -> Rule:
        return Rule(code, name, severity, message, check, params=tuple(params.items()))

    return wrap
