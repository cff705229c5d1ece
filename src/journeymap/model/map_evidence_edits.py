"""Editing the evidence behind a persona, a stage or one of its barriers: add, change, remove.

Like `map_edits`, each edit changes the map's plain data; the loader checks the result (the
source, the sample size) before it is saved. An entry with nothing but its source is written in
the short form people use in workshops (`evidence: [assumption]`).
"""

from __future__ import annotations

from typing import Any

from journeymap.i18n import gettext as _
from journeymap.model.map_edits import EditError, MapData, _barrier, _find, _items


def evidence_holder(
    data: MapData, *, stage: str = "", barrier: str = "", persona: str = ""
) -> dict[str, Any]:
    """What the evidence belongs to: a persona, a stage, or a barrier of a stage."""
    if persona:
        return _find(_items(data, "personas"), persona, "persona")
    if barrier:
        return _barrier(data, stage, barrier)
    return _find(_items(data, "stages"), stage, "stage")


def evidence_entry(
    source: str, note: str = "", link: str = "", sample_size: int | None = None
) -> str | dict[str, Any]:
    """One evidence entry as written in the file: the short form when only the source is set."""
    if not source.strip():
        raise EditError(_("choose where the evidence comes from"))
    entry: dict[str, Any] = {"source": source.strip()}
    if note.strip():
        entry["note"] = note.strip()
    if link.strip():
        entry["link"] = link.strip()
    if sample_size is not None:
        entry["sample_size"] = sample_size
    return entry["source"] if len(entry) == 1 else entry


def _entries(holder: dict[str, Any], index: int) -> list[Any]:
    entries = holder.get("evidence")
    if not isinstance(entries, list) or not 0 <= index < len(entries):
        raise EditError(_("no evidence number {number} here", number=index + 1))
    return entries


def add_evidence(holder: dict[str, Any], entry: str | dict[str, Any]) -> None:
    """Add evidence to `holder` (see `evidence_holder`)."""
    holder.setdefault("evidence", []).append(entry)


def edit_evidence(holder: dict[str, Any], index: int, entry: str | dict[str, Any]) -> None:
    """Replace the evidence entry number `index` (from 0)."""
    _entries(holder, index)[index] = entry


def delete_evidence(holder: dict[str, Any], index: int) -> None:
    entries = _entries(holder, index)
    del entries[index]
    if not entries:
        holder.pop("evidence")
