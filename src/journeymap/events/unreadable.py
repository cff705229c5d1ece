"""A file none of whose rows parses is refused, on both engines, instead of quarantined.

Such a file is not the format its name claims (a binary blob named `.json`): filling the
quarantine with thousands of garbage rows hides that, so the import fails with the reasons and
its transaction rolls back, leaving nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from journeymap.events.errors import IngestError
from journeymap.i18n import gettext as _

UNREADABLE_ROW_REASONS = frozenset({"not UTF-8 text (binary data)", "invalid JSON"})
"""Quarantine reasons that mean a row could not be parsed at all."""


def refuse_unreadable(
    file: Path, format_name: str, rows_read: int, reasons: dict[str, int]
) -> None:
    """Raise (so the transaction rolls back) when no row of the file could be parsed."""
    if rows_read and sum(reasons.values()) == rows_read and set(reasons) <= UNREADABLE_ROW_REASONS:
        raise IngestError(
            _(
                "no row of {file} could be read as {format} (rows read: {count}; {reasons});"
                " nothing was stored. Check the file, or pass --format",
                file=file.name,
                format=format_name,
                count=rows_read,
                reasons=", ".join(reasons),
            )
        )
