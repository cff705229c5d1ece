"""The result of linting one file, and the totals over many."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from journeymap.lint.coverage import EvidenceCoverage
from journeymap.lint.finding import Finding, Severity

_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass
class LintReport:
    file: str
    findings: list[Finding] = field(default_factory=list)
    evidence_coverage: EvidenceCoverage | None = None
    """None when the file did not load (there is no map to count claims in)."""
    map_id: str | None = None
    kind: Literal["map", "config"] = "map"
    """`config` for the report on a workspace's journeymap.toml (its `[lint]` settings)."""

    @property
    def loaded(self) -> bool:
        return self.evidence_coverage is not None

    def _count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self._count("error")

    @property
    def warnings(self) -> int:
        return self._count("warning")

    @property
    def infos(self) -> int:
        return self._count("info")

    @property
    def ok(self) -> bool:
        """No error-severity finding (warnings and info do not fail a lint run)."""
        return self.errors == 0

    def sort(self) -> None:
        self.findings.sort(key=lambda f: (f.line or 0, f.column or 0, _ORDER[f.severity], f.code))

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind,
            "map_id": self.map_id,
            "loaded": self.loaded,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "evidence_coverage": (
                self.evidence_coverage.as_dict() if self.evidence_coverage else None
            ),
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class LintSummary:
    """Totals over a lint run."""

    files: int
    errors: int
    warnings: int
    infos: int
    not_loaded: int
    evidence_coverage: EvidenceCoverage

    @classmethod
    def of(cls, reports: Sequence[LintReport]) -> LintSummary:
        coverage = EvidenceCoverage()
        for report in reports:
            if report.evidence_coverage is not None:
                coverage = coverage + report.evidence_coverage
        return cls(
            files=len(reports),
            errors=sum(r.errors for r in reports),
            warnings=sum(r.warnings for r in reports),
            infos=sum(r.infos for r in reports),
            not_loaded=sum(1 for r in reports if r.kind == "map" and not r.loaded),
            evidence_coverage=coverage,
        )

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict[str, object]:
        coverage = self.evidence_coverage.as_dict()
        coverage.pop("not_backed")
        return {
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "not_loaded": self.not_loaded,
            "evidence_coverage": coverage,
            "ok": self.ok,
        }
