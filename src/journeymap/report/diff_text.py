"""A map diff as lines for people: `+` added, `-` removed, `~` changed, `↕` reordered."""

from __future__ import annotations

import json
from typing import Any

from journeymap.report.diff_maps import Change, MapDiff

_SIGNS = {
    "added": "+",
    "removed": "-",
    "renamed": "~",
    "changed": "~",
    "reordered": "↕",
    "emotion": "♥",
    "target": "◎",
    "measured": "#",
}


def diff_lines(diff: MapDiff) -> list[str]:
    """One line per change (field changes indented below their item)."""
    if diff.empty:
        return [f"no differences between {diff.old_label} and {diff.new_label}"]
    lines = [f"{diff.old_label} -> {diff.new_label}: {_summary(diff)}"]
    for change in diff.changes:
        lines.append(f"{_SIGNS[change.kind]} {_headline(change)}")
        lines += [
            f"    {item.field}: {_show(item.old)} -> {_show(item.new)}" for item in change.fields
        ]
    return lines


def _summary(diff: MapDiff) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in diff.counts().items())


def _headline(change: Change) -> str:
    where = f" (stage {change.stage})" if change.stage and change.entity != "stage" else ""
    subject = f"{change.entity} {change.id}{where}"
    if change.kind == "added":
        return f"{subject} added: {_show(change.new)}"
    if change.kind == "removed":
        return f"{subject} removed: {_show(change.old)}"
    if change.kind == "reordered":
        return f"{change.entity}s reordered: {_order(change.old)} -> {_order(change.new)}"
    if change.kind == "emotion":
        scores = f"{_score(change.old)} -> {_score(change.new)}"
        return f"emotion of {change.persona} at stage {change.id}: {scores}"
    if change.kind in ("target", "measured"):
        return f"{subject} {change.kind}: {_show(change.old)} -> {_show(change.new)}"
    return f"{subject} {change.kind}"


def _order(ids: Any) -> str:
    return ", ".join(str(i) for i in ids) if isinstance(ids, list) else _show(ids)


def _score(score: Any) -> str:
    if score is None:
        return "none"
    return f"+{score}" if isinstance(score, int) and score > 0 else str(score)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, str):
        return repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."
