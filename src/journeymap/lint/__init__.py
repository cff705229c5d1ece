"""The method linter: rules that know how a customer journey map should be drawn.

Every rule has a stable code (JM0xx file, JM1xx map, JM2xx personas, JM3xx stages and
touchpoints, JM4xx barriers/solutions/KPIs, JM5xx evidence and review), a severity and a
section in docs/lint-rules.md.
"""

from journeymap.lint.coverage import COVERAGE_THRESHOLD, Claim, EvidenceCoverage
from journeymap.lint.finding import Finding, Severity
from journeymap.lint.registry import RULES, resolve_code, suggest_code
from journeymap.lint.report import LintReport, LintSummary
from journeymap.lint.rule import Rule
from journeymap.lint.runner import lint_document, lint_paths

__all__ = [
    "COVERAGE_THRESHOLD",
    "RULES",
    "Claim",
    "EvidenceCoverage",
    "Finding",
    "LintReport",
    "LintSummary",
    "Rule",
    "Severity",
    "lint_document",
    "lint_paths",
    "resolve_code",
    "suggest_code",
]
