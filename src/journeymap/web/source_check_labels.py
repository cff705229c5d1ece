"""The texts of the YAML pane's checks in the browser (the draft read with js-yaml and checked
against the map format's JSON Schema), in the user's language. The page hands them to
`static/source_pane.js` as one JSON `data-labels` attribute (`schema_labels`); `{name}`-style
fields are filled in there."""

from __future__ import annotations

import json

from journeymap.i18n import gettext as _


def source_check_labels() -> dict[str, str]:
    labels = {
        "schema_title": _("Checked in the browser against the map format:"),
        "schema_clean": _("The draft matches the map format."),
        "schema_yaml": _("The YAML cannot be read (line {line}): {message}"),
        "schema_type": _("should be of type {expected}"),
        "schema_enum": _("should be one of: {values}"),
        "schema_required": _("the required field {name} is missing"),
        "schema_unknown": _("is not a field of the map format"),
        "schema_pattern": _("is not in the expected form"),
        "schema_short": _("is too short or empty"),
        "schema_long": _("is too long"),
        "schema_range": _("is out of the allowed range"),
        "schema_other": _("does not match the map format ({keyword})"),
        "schema_line": _("line {line}: {message}"),
        "schema_root": _("the map"),
        "schema_more": _("and {count} more"),
    }
    return {**labels, "schema_labels": json.dumps(labels, ensure_ascii=False)}
