"""What a rule sees: the loaded map, its YAML, and the date the check runs on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journeymap.model import JourneyMap, MapDocument

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Hit:
    """A place a rule objects to. The runner turns it into a positioned `Finding`."""

    loc: Loc = ()
    """Field path in the map; the finding points at the closest part the author wrote."""
    message: str | None = None
    """Specific message; the rule's one-line message when None."""
    hint: str | None = None
    line: int | None = None
    """Explicit position, for hits that do not come from a field (loader notes)."""
    column: int | None = None
    key: bool = False
    """Point at the key of the last part of `loc` rather than its value."""


@dataclass(frozen=True)
class LintContext:
    document: MapDocument
    today: dt.date
    requested_disable: tuple[str, ...] = ()
    """Codes the caller asked to disable (workspace config, command line), as given."""
    strict: bool = False
    """`lint --strict`: also report what is quiet by default (bindings of offline touchpoints)."""

    @property
    def map(self) -> JourneyMap:
        return self.document.model
