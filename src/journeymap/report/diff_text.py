"""A map diff as lines for people: `+` added, `-` removed, `~` changed, `↕` reordered.

Field changes are sentences in the reader's language (`Решение «…»: статус в работе → готово`),
with enumerated values in the reader's words; JSON (`MapDiff.as_dict`) keeps the raw values."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from journeymap.i18n import N_, SYNONYMS, get_language, ngettext, synonyms_of
from journeymap.i18n import gettext as _
from journeymap.report.diff_maps import Change, FieldChange, MapDiff

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
_ENTITIES = {
    "map": N_("Map"),
    "persona": N_("Persona"),
    "stage": N_("Stage"),
    "touchpoint": N_("Touchpoint"),
    "barrier": N_("Barrier"),
    "kpi": N_("KPI"),
    "solution": N_("Solution"),
}
_FIELDS = {
    "status": N_("status"),
    "owner": N_("owner"),
    "text": N_("text"),
    "name": N_("name"),
    "severity": N_("severity"),
    "stage": N_("stage"),
    "customer_value": N_("customer value"),
    "business_value": N_("business value"),
    "effort": N_("effort"),
    "channel": N_("channel"),
    "kind": N_("kind"),
    "direction": N_("direction"),
    "goal": N_("goal"),
}
_KINDS: dict[str, Callable[[int], str]] = {
    "added": lambda n: ngettext("{count} added", "{count} added", n),
    "removed": lambda n: ngettext("{count} removed", "{count} removed", n),
    "renamed": lambda n: ngettext("{count} renamed", "{count} renamed", n),
    "changed": lambda n: ngettext("{count} changed", "{count} changed", n),
    "reordered": lambda n: ngettext("{count} reordered", "{count} reordered", n),
    "emotion": lambda n: ngettext("{count} emotion", "{count} emotions", n),
    "target": lambda n: ngettext("{count} target", "{count} targets", n),
    "measured": lambda n: ngettext("{count} measured", "{count} measured", n),
}


def diff_lines(diff: MapDiff) -> list[str]:
    """One line per change (field changes indented below their item)."""
    if diff.empty:
        return [_("no differences between {old} and {new}", old=diff.old_label, new=diff.new_label)]
    lines = [f"{diff.old_label} -> {diff.new_label}: {_summary(diff)}"]
    for change in diff.changes:
        if change.fields and change.kind in ("changed", "renamed"):
            lines += [f"~ {_field_sentence(change, item)}" for item in change.fields]
            continue
        lines.append(f"{_SIGNS[change.kind]} {_headline(change)}")
    return lines


def _summary(diff: MapDiff) -> str:
    return ", ".join(_KINDS[kind](count) for kind, count in diff.counts().items())


def _subject(change: Change) -> str:
    entity = _(_ENTITIES[change.entity])
    if change.entity == "solution":
        return _("{entity} «{text}»", entity=entity, text=_cut(change.id, 60))
    return f"{entity} {change.id}"


def _where(change: Change) -> str:
    if change.entity == "solution" and change.parent:
        return _(" (barrier {barrier}, stage {stage})", barrier=change.parent, stage=change.stage)
    if change.stage and change.entity != "stage":
        return _(" (stage {stage})", stage=change.stage)
    return ""


def _field_sentence(change: Change, item: FieldChange) -> str:
    """`Solution «Call back within a day» (barrier slow, stage buy): status in-progress → done`."""
    name = _(_FIELDS[item.field]) if item.field in _FIELDS else item.field
    return _(
        "{subject}{where}: {field} {old} → {new}",
        subject=_subject(change),
        where=_where(change),
        field=name,
        old=_value(item.field, item.old),
        new=_value(item.field, item.new),
    )


def _headline(change: Change) -> str:
    subject = f"{_subject(change)}{_where(change)}"
    if change.kind == "added":
        return _("{subject} added: {value}", subject=subject, value=_show(change.new))
    if change.kind == "removed":
        return _("{subject} removed: {value}", subject=subject, value=_show(change.old))
    if change.kind == "reordered":
        return _(
            "{entity}: order {old} → {new}",
            entity=_(_ENTITIES[change.entity]),
            old=_order(change.old),
            new=_order(change.new),
        )
    if change.kind == "emotion":
        return _(
            "Emotion of {persona} at stage {stage}: {old} → {new}",
            persona=change.persona,
            stage=change.id,
            old=_score(change.old),
            new=_score(change.new),
        )
    if change.kind == "target":
        return _(
            "{subject} target: {old} → {new}",
            subject=subject,
            old=_show(change.old),
            new=_show(change.new),
        )
    return _(
        "{subject} measured: {old} → {new}",
        subject=subject,
        old=_show(change.old),
        new=_show(change.new),
    )


def _value(field: str, value: Any) -> str:
    """An enumerated value in the reader's words (`в работе`), anything else as written."""
    if isinstance(value, str) and field in SYNONYMS and get_language() == "ru":
        words = synonyms_of(field, value)
        if words:
            return words[0]
    if isinstance(value, str):
        return _cut(value, 80)
    return _show(value)


def _order(ids: Any) -> str:
    return ", ".join(str(i) for i in ids) if isinstance(ids, list) else _show(ids)


def _score(score: Any) -> str:
    if score is None:
        return _("none")
    return f"+{score}" if isinstance(score, int) and score > 0 else str(score)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(value: Any) -> str:
    if value is None:
        return _("none")
    if isinstance(value, str):
        return repr(_cut(value, 80))
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_show(item)}" for key, item in value.items())
    return json.dumps(value, ensure_ascii=False, default=str)
