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
    }
