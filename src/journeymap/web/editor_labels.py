"""The texts the editor's newer parts show (lint as you type, bindings, KPI builder, views,
exports), in the user's language; templates read them as `te.key`."""

from __future__ import annotations

from journeymap.i18n import gettext as _


def editor_labels() -> dict[str, str]:
    return {
        "draft_cannot_save": _("This change cannot be saved yet:"),
        "draft_adds": _("This change would add lint findings:"),
        "draft_fixes": _("This change fixes:"),
        "draft_clean": _("No new lint findings."),
    }
