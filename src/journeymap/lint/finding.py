"""A finding: one place in a map where the method is not followed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from journeymap.model.problems import location

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


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
        text = f"{self.where} {self.code} {self.severity} {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

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
