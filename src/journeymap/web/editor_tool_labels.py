"""The texts of the editor's collaboration tools (reordering, undo and redo, the YAML pane,
comments, evidence), in the user's language; templates read them as `te.key`."""

from __future__ import annotations

from journeymap.i18n import gettext as _


def editor_tool_labels() -> dict[str, str]:
    return {
        "drag_to_reorder": _("Drag to reorder (or use the arrows)"),
        "redo": _("Redo"),
        "yaml_pane": _("YAML source"),
        "yaml_pane_hint": _(
            "The map's file as text, beside the visual editor: checked as you type with the "
            "messages of `journeymap validate` and `journeymap lint`; saving it refreshes the map."
        ),
        "yaml_source": _("The map's YAML"),
        "yaml_save": _("Save the YAML"),
    }
