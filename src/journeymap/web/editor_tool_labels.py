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
        "yaml_pane_view": _("The YAML source is the whole map: it is not shown in a view."),
        "yaml_pane_whole": _("Open the whole map"),
        "evidence": _("Evidence"),
        "edit_evidence": _("Edit this evidence"),
        "delete_evidence": _("Remove this evidence"),
        "add_evidence": _("Add evidence"),
        "evidence_source": _("Where it comes from"),
        "evidence_note": _("What was found"),
        "evidence_link": _("Link or file"),
        "sample_size": _("Sample size"),
        "sample_size_short": _("n = {count}"),
        "comments": _("Comments"),
        "comments_map": _("Comments on touchpoints and personas"),
        "open_comments": _("open: {count}"),
        "resolved_by": _("Resolved by {name}, {time}"),
        "resolve": _("Resolve"),
        "reopen": _("Reopen"),
        "comment_on": _("Comment on"),
        "comment_text": _("Comment"),
        "add_comment": _("Add the comment"),
    }
