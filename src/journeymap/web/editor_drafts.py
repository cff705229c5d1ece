"""Lint as you type: a form's draft is applied to the map in memory, loaded and linted like
`journeymap validate` and `journeymap lint` would, and compared with the saved map, so the
editor shows what the change would add or fix before anything is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from journeymap.i18n import get_language
from journeymap.lint.finding import Finding
from journeymap.lint.runner import lint_document
from journeymap.model import MapDocument, MapError, Problem, load_document
from journeymap.model.loader import parse_map
from journeymap.model.map_draft import preview_edit
from journeymap.model.map_edits import EditError, MapData
from journeymap.model.map_history import version_token


@dataclass
class DraftCheck:
    """What a draft would change: errors that stop it from saving, lint findings it would add
    and the ones it would fix."""

    errors: list[str] = field(default_factory=list)
    added: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    document: MapDocument | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "errors": self.errors,
            "added": [f.as_dict() for f in self.added],
            "fixed": [f.as_dict() for f in self.fixed],
        }


def _key(finding: Finding) -> tuple[str, str]:
    # Lines move when a draft adds text above a finding: the code and message identify it.
    return finding.code, finding.message


def check_draft(path: Path, edit: Callable[[MapData], object]) -> DraftCheck:
    """Try `edit` on the map at `path` without saving, and lint the result."""
    try:
        draft = preview_edit(path, edit)
    except MapError as error:
        return DraftCheck(errors=[_problem_text(p) for p in error.problems])
    except EditError as error:
        return DraftCheck(errors=[str(error)])
    return _compared(path, draft)


def check_source(path: Path, text: str) -> DraftCheck:
    """Check YAML `text` typed in the editor's YAML pane as the map at `path` would be checked
    (its lines are the file's lines: problems say where), and lint it against the saved map."""
    try:
        draft = parse_map(text, filename=path.name)
    except MapError as error:
        return DraftCheck(errors=[str(p) for p in error.problems])
    draft.path = path
    return _compared(path, draft)


def _compared(path: Path, draft: MapDocument) -> DraftCheck:
    text = path.read_text(encoding="utf-8")
    today = dt.date.today().isoformat()  # review-age rules count to today
    before = _saved_findings(str(path), version_token(text), get_language(), today)
    after = lint_document(draft).findings
    old = {_key(f) for f in before}
    new = {_key(f) for f in after}
    return DraftCheck(
        added=[f for f in after if _key(f) not in old],
        fixed=[f for f in before if _key(f) not in new],
        document=draft,
    )


@lru_cache(maxsize=32)
def _saved_findings(path: str, token: str, language: str, day: str) -> tuple[Finding, ...]:
    """The findings of the saved map at version `token` (a typist's drafts all compare with
    the same saved version: lint it once, not on every keystroke)."""
    del token, language, day  # they key the cache: a new version, language or day lints again
    return tuple(lint_document(load_document(Path(path))).findings)


def _problem_text(problem: Problem) -> str:
    # The draft's line numbers are not the file's: the field path says where.
    text = f"{problem.path}: {problem.message}" if problem.path else problem.message
    return f"{text} — {problem.hint}" if problem.hint else text
