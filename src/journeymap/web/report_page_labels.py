"""Texts of the living report's app parts: the scope pickers, the KPI trend charts, the view
filters of share links and the update-from-data preview (merged into `labels.labels()`)."""

from __future__ import annotations

from journeymap.i18n import gettext as _


def report_page_labels() -> dict[str, str]:
    return {
        "report_scope": _("Which data"),
        "report_segment": _("Segment (KEY=VALUE, e.g. channel=web; empty: everyone)"),
        "report_since": _("From (first day)"),
        "report_until": _("To (last day)"),
        "report_show": _("Show"),
        "report_everyone": _("All data"),
        "report_json": _("This view as JSON"),
        "report_back": _("Back to the map"),
        "report_trends": _("KPI trends across report runs"),
        "report_trends_none": _(
            "One run so far: each `journeymap report` run adds a point to these charts."
        ),
        "share_view": _("Share this view"),
        "share_view_hint": _(
            "A read-only link showing exactly this view (the filter is signed into the link)."
        ),
        "share_view_of": _("View"),
        "transition_graph": _("Transitions graph (scrolls sideways on a narrow screen)"),
        "update_from_data": _("Update the map from data"),
        "update_title": _("Update the map from data: preview"),
        "update_hint": _(
            "What the report measured, written into the map's KPIs (measured values) and its "
            "suggested barriers, as `journeymap report --update-map` does. Nothing is written "
            "until you apply it."
        ),
        "update_scope": _("Data"),
        "update_changes": _("What changes"),
        "update_nothing": _("No KPI value changes and no new barrier."),
        "update_unchanged": _("KPIs measured again with the same value (only the date moves)"),
        "update_reviewed": _("A person reviewed the map today (sets reviewed)"),
        "update_apply": _("Apply these changes"),
        "update_again": _("Preview again with the current map"),
        "update_simulated": _(
            "The events are simulated: their numbers are not measurements; the map is unchanged."
        ),
        "update_allow_simulated": _("Preview them anyway, marked simulated: true"),
        "update_marked_simulated": _(
            "Simulated data: the values are written marked simulated: true."
        ),
    }
