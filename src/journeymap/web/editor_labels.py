"""The texts the editor's newer parts show (lint as you type, bindings, KPI builder, views,
exports), in the user's language; templates read them as `te.key`."""

from __future__ import annotations

from journeymap.i18n import gettext as _
from journeymap.web.editor_tool_labels import editor_tool_labels
from journeymap.web.source_check_labels import source_check_labels


def editor_labels() -> dict[str, str]:
    return {
        "draft_cannot_save": _("This change cannot be saved yet:"),
        "draft_adds": _("This change would add lint findings:"),
        "draft_fixes": _("This change fixes:"),
        "draft_clean": _("No new lint findings."),
        "measure_reads": _("The measure reads:"),
        "measure_builder": _("Measure"),
        "measure_function": _("Function"),
        "measure_typed": _("(type the measure)"),
        "measure_from": _("From (or of)"),
        "measure_to": _("To"),
        "measure_text": _("Or type the measure"),
        "edit_kpi": _("Edit this KPI"),
        "direction": _("Better when it"),
        "direction_increase": _("increases"),
        "direction_decrease": _("decreases"),
        "edit_solution": _("Edit this solution"),
        "customer_value": _("Value for the customer (0-100)"),
        "business_value": _("Value for the business (0-100)"),
        "edit_touchpoint": _("Edit this touchpoint and its bindings"),
        "delete_touchpoint": _("Delete this touchpoint"),
        "bindings": _("Bindings to events"),
        "bindings_hint": _(
            "Which events are this touchpoint: an event name, and optionally one property "
            "equal to a value."
        ),
        "bindings_count": _("bindings: {count}"),
        "bindings_kept": _("Bindings kept as written in the file (edit them in YAML): {count}"),
        "binding_event": _("Event"),
        "binding_key": _("Property"),
        "binding_value": _("Value"),
        "binding_matches": _("Events each binding matches in the store"),
        "events": _("Events"),
        "events_count": _("events: {count}"),
        "store_empty": _(
            "The store has no events yet: event names and counts appear after `journeymap ingest`."
        ),
        "store_names": _("Event names in the store: {count} (suggested as you type)."),
        "store_unreadable": _("The store cannot be read:"),
        "view": _("View"),
        "view_lanes": _("Lanes shown"),
        "view_persona": _("Persona"),
        "view_department": _("Department"),
        "view_all": _("all"),
        "view_apply": _("Show"),
        "export": _("Export"),
        **editor_tool_labels(),
        **source_check_labels(),
    }
