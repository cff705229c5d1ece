"""Run the rules over maps: `lint_document` for a loaded map, `lint_paths` for files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from journeymap.i18n import default_language
from journeymap.i18n import gettext as _
from journeymap.lint.context import Hit, LintContext
from journeymap.lint.coverage import evidence_coverage
from journeymap.lint.finding import Finding
from journeymap.lint.registry import RULES, resolve_code, unknown_code_hint
from journeymap.lint.report import LintReport
from journeymap.lint.rule import Rule
from journeymap.lint.rules.file import MAP_NOT_LOADED, UNKNOWN_RULE_CODE
from journeymap.model import MapDocument, MapError, Problem, load_document
from journeymap.model.problems import format_path
from journeymap.model.workspace import CONFIG_NAME, Workspace, find_workspace
from journeymap.model.yamlio import position


def lint_document(
    document: MapDocument,
    *,
    disabled: Iterable[str] = (),
    today: dt.date | None = None,
) -> LintReport:
    """Check one loaded map against every rule not disabled (by `disabled` or the map's
    `lint.disable`). `today` is the date review ages are counted to (default: today).
    Messages are in the current language, else the map's own `language` when it sets one."""
    journey = document.model
    declared = journey.language if "language" in journey.model_fields_set else None
    with default_language(declared):
        return _lint_document(document, disabled=disabled, today=today)


def _lint_document(
    document: MapDocument, *, disabled: Iterable[str], today: dt.date | None
) -> LintReport:
    file = str(document.path) if document.path is not None else "<map>"
    requested = tuple(disabled)
    off: set[str] = set()
    unknown: list[Hit] = []
    for code in requested:
        resolved = resolve_code(code)
        if resolved:
            off.add(resolved)
        else:
            unknown.append(
                Hit(
                    message=_("unknown rule code '{code}' in the disable option", code=code),
                    hint=unknown_code_hint(code),
                )
            )
    for i, code in enumerate(document.model.lint.disable):
        resolved = resolve_code(code)
        if resolved:
            off.add(resolved)
        else:
            unknown.append(
                Hit(
                    ("lint", "disable", i),
                    _("unknown rule code '{code}' in lint.disable", code=code),
                    hint=unknown_code_hint(code),
                )
            )
    context = LintContext(document, today or dt.date.today(), requested)
    findings: list[Finding] = []
    if UNKNOWN_RULE_CODE.code not in off:
        findings += [_finding(UNKNOWN_RULE_CODE, hit, document, file) for hit in unknown]
    for item in RULES.values():
        if item.check is None or (item.code in off and item.can_disable):
            continue
        findings += [_finding(item, hit, document, file) for hit in item.check(context)]
    report = LintReport(
        file=file,
        findings=findings,
        evidence_coverage=evidence_coverage(document.model),
        map_id=document.model.id,
    )
    report.sort()
    return report


def _finding(item: Rule, hit: Hit, document: MapDocument, file: str) -> Finding:
    line: int | None
    column: int | None
    if hit.line is not None:
        line, column = hit.line, hit.column
    else:
        _, line, column = position(document.data, hit.loc, key=hit.key)
    return Finding(
        code=item.code,
        severity=item.severity,
        message=hit.message or item.text,
        file=file,
        line=line,
        column=column,
        path=format_path(hit.loc),
        hint=hit.hint,
    )


def not_loaded_report(file: str, error: MapError, *, kind: str = "map") -> LintReport:
    """A report for a file that does not load: each problem is a JM000 error finding."""
    findings = [_problem_finding(problem, file) for problem in error.problems]
    report = LintReport(file=file, findings=findings, kind="config" if kind == "config" else "map")
    report.sort()
    return report


def _problem_finding(problem: Problem, file: str) -> Finding:
    return Finding(
        code=MAP_NOT_LOADED.code,
        severity=MAP_NOT_LOADED.severity,
        message=problem.message,
        file=problem.file or file,
        line=problem.line,
        column=problem.column,
        path=problem.path,
        hint=problem.hint,
    )


class _Workspaces:
    """Finds the workspace of each path once, and reports its `[lint]` settings once."""

    def __init__(self, fixed: Workspace | None) -> None:
        self.fixed = fixed
        self.config_reports: list[LintReport] = []
        self._seen: dict[Path, tuple[str, ...]] = {}

    def language_for(self, path: Path) -> str | None:
        """The workspace's `language` for a map file (None: not set, or no workspace)."""
        workspace = self.fixed
        if workspace is None:
            try:
                workspace = find_workspace(path.parent if path.suffix else path)
            except MapError:
                return None
        return workspace.config.language if workspace else None

    def disabled_for(self, path: Path) -> tuple[str, ...]:
        workspace = self.fixed
        if workspace is None:
            try:
                workspace = find_workspace(path.parent if path.suffix else path)
            except MapError as error:
                self._broken_config(error)
                return ()
        if workspace is None:
            return ()
        if workspace.root not in self._seen:
            self._seen[workspace.root] = self._check_config(workspace)
        return self._seen[workspace.root]

    def _broken_config(self, error: MapError) -> None:
        file = (error.problems[0].file if error.problems else None) or CONFIG_NAME
        if all(r.file != file for r in self.config_reports):
            self.config_reports.append(not_loaded_report(file, error, kind="config"))

    def _check_config(self, workspace: Workspace) -> tuple[str, ...]:
        config_file = workspace.root / CONFIG_NAME
        known: list[str] = []
        findings: list[Finding] = []
        for code in workspace.config.lint.disable:
            resolved = resolve_code(code)
            if resolved:
                known.append(resolved)
                continue
            line, column = _find_in_file(config_file, code)
            findings.append(
                Finding(
                    code=UNKNOWN_RULE_CODE.code,
                    severity=UNKNOWN_RULE_CODE.severity,
                    message=_("unknown rule code '{code}' in [lint] disable", code=code),
                    file=str(config_file),
                    line=line,
                    column=column,
                    path="lint.disable",
                    hint=unknown_code_hint(code),
                )
            )
        if findings and UNKNOWN_RULE_CODE.code not in known:
            self.config_reports.append(
                LintReport(file=str(config_file), findings=findings, kind="config")
            )
        return tuple(known)


def _find_in_file(file: Path, text: str) -> tuple[int | None, int | None]:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None, None
    for number, line in enumerate(lines, start=1):
        column = line.find(f'"{text}"')
        if column < 0:
            column = line.find(f"'{text}'")
        if column >= 0:
            return number, column + 2  # the code itself, after its opening quote
    return None, None


def lint_paths(
    paths: Iterable[Path | str],
    *,
    workspace: Workspace | None = None,
    today: dt.date | None = None,
    disabled: Iterable[str] = (),
) -> list[LintReport]:
    """Lint map files. A file that does not load gives a report of JM000 errors, never an
    exception. Rules disabled in the workspace's `journeymap.toml` are skipped; with no
    `workspace` given, each file's workspace is found from its folder upwards. A report on
    `journeymap.toml` itself comes first when its `[lint] disable` names unknown codes."""
    workspaces = _Workspaces(workspace)
    reports: list[LintReport] = []
    extra = tuple(disabled)
    for raw in paths:
        path = Path(raw)
        off = workspaces.disabled_for(path.resolve()) + extra
        with default_language(workspaces.language_for(path.resolve())):
            reports.append(_lint_file(path, str(raw), off, today))
    return workspaces.config_reports + reports


def _lint_file(path: Path, shown: str, off: tuple[str, ...], today: dt.date | None) -> LintReport:
    try:
        document = load_document(path)
    except MapError as error:
        return not_loaded_report(shown, error)
    report = lint_document(document, disabled=off, today=today)
    report.file = shown
    return report
