"""A finding: one place in a map where the method is not followed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from journeymap.i18n import pgettext
from journeymap.model.problems import location, with_hint

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def severity_label(severity: Severity) -> str:
    """The severity as a word of the current language (JSON output keeps the English code)."""
    labels = {
        "error": pgettext("severity", "error"),
        "warning": pgettext("severity", "warning"),
        "info": pgettext("severity", "info"),
    }
    return labels[severity]


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on one place of a map. Lines and columns are 1-based."""

    code: str
    """Stable rule code such as `JM101`."""
    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""
    """Field path in the map, e.g. `stages[2].barriers[0]` (list indexes are 0-based)."""
    hint: str | None = None
    """How to fix it."""

    @property
    def where(self) -> str:
        return location(self.file, self.line, self.column)

    def __str__(self) -> str:
        text = f"{self.where} {self.code} {severity_label(self.severity)} {self.message}"
        return with_hint(text, self.hint)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "hint": self.hint,
        }
