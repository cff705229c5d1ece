"""Findings as GitHub Actions workflow commands (`::error file=...,line=...::message`)."""

from __future__ import annotations

from collections.abc import Iterable

from journeymap.lint.finding import Finding, Severity
from journeymap.lint.report import LintReport
from journeymap.model.problems import with_hint

_LEVEL: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Finding) -> str:
    """One workflow command; GitHub shows it on the file and line in a pull request."""
    props = []
    if finding.file:
        props.append(f"file={_escape_property(finding.file)}")
    if finding.line is not None:
        props.append(f"line={finding.line}")
        if finding.column is not None:
            props.append(f"col={finding.column}")
    props.append(f"title={_escape_property(finding.code)}")
    message = with_hint(finding.message, finding.hint)
    return f"::{_LEVEL[finding.severity]} {','.join(props)}::{_escape_data(message)}"


def github_annotations(reports: Iterable[LintReport]) -> list[str]:
    return [github_annotation(f) for report in reports for f in report.findings]
