"""Built-in words of the report page, from the message catalog (context `label`, like the map's
labels, which the report reuses)."""

from __future__ import annotations

from collections.abc import Mapping

from journeymap.i18n import pgettext
from journeymap.render.labels import LabelsByLanguage


def _messages() -> dict[str, str]:
    """Every word of the report page in the current language."""
    return {
        "report": pgettext("label", "Living map report"),
        "simulated_banner": pgettext(
            "label", "SIMULATED DATA: these numbers come from simulated customers"
        ),
        "reach": pgettext("label", "Reached"),
        "conversion_next": pgettext("label", "Conversion to next"),
        "drop_off": pgettext("label", "Drop-off"),
        "median_time": pgettext("label", "Median time in stage"),
        "funnel": pgettext("label", "Funnel over the stages"),
        "sankey": pgettext("label", "Real paths"),
        "sankey_note": pgettext(
            "label", "Persons by the order they first entered the stages; every column sums to"
        ),
        "time_in_stage": pgettext("label", "Time in stage (p10, p25, median, p75, p90)"),
        "repeat_purchase": pgettext("label", "Repeat purchase"),
        "not_measured": pgettext("label", "not measured"),
        "repeat_counted_orders": pgettext("label", "(each order counts)"),
        "repeat_counted_days": pgettext(
            "label", "(purchase days count: orders on one day are one purchase)"
        ),
        "time_between_purchases": pgettext("label", "median time between purchases"),
        "same_fact_kpis": pgettext("label", "the same number as KPI"),
        "designed_barriers": pgettext("label", "Barriers: designed, with measured impact"),
        "suggested_barriers": pgettext("label", "Barriers suggested by the data"),
        "persons_affected": pgettext("label", "Persons affected"),
        "share_of_stage": pgettext("label", "Share of stage"),
        "drift": pgettext("label", "Drift between design and data"),
        "unseen_touchpoints": pgettext("label", "Designed touchpoints never seen in data"),
        "unbound_touchpoints": pgettext("label", "Touchpoints not bound to events"),
        "undesigned_transitions": pgettext(
            "label", "Frequent real transitions absent from the design"
        ),
        "unbound_events": pgettext("label", "Frequent events no touchpoint binds"),
        "order_in_data": pgettext("label", "Stage order in data"),
        "kpi_trends": pgettext("label", "KPI trends across report runs"),
        "lift_interval": pgettext("label", "95% CI"),
        "p_adjusted_holm": pgettext("label", "adjusted p (Holm)"),
        "kpi": pgettext("label", "KPI"),
        "notes": pgettext("label", "Notes"),
        "data_range": pgettext("label", "Data"),
        "sources": pgettext("label", "Sources"),
        "persons": pgettext("label", "persons"),
        "events": pgettext("label", "events"),
        "none": pgettext("label", "none"),
        "value": pgettext("label", "Value"),
        "met": pgettext("label", "met"),
        "not met": pgettext("label", "not met"),
        "no target": pgettext("label", "no target"),
        "no data": pgettext("label", "no data"),
        "error": pgettext("label", "error"),
        "no measure": pgettext("label", "no measure"),
        "funnel_note": pgettext(
            "label", "Base: persons who entered the journey (reached any stage):"
        ),
        "share_of_entrants": pgettext("label", "Share of entrants"),
        "conversion_from_previous": pgettext("label", "Conversion from previous stage"),
        "entered_here": pgettext("label", "Entered here"),
        "feedback_scores": pgettext("label", "Feedback (NPS / CSAT / CES)"),
        "feedback_scale": pgettext("label", "95% interval in brackets; n = answers"),
        "as_designed": pgettext("label", "as designed"),
        "as_measured": pgettext("label", "as measured (feedback)"),
        "feedback_themes": pgettext("label", "Feedback themes per touchpoint"),
        "feedback_note": pgettext(
            "label", "Negative themes of the survey texts, with quotes; survey answers:"
        ),
        "no_themes": pgettext("label", "No negative themes in the feedback texts."),
        "found_in_texts": pgettext("label", "found in the texts"),
        "touchpoint": pgettext("label", "Touchpoint"),
        "theme": pgettext("label", "Theme"),
        "answers": pgettext("label", "Answers"),
        "sentiment": pgettext("label", "Sentiment"),
        "quotes": pgettext("label", "Quotes"),
        "source": pgettext("label", "Source"),
        "source_analytics": pgettext("label", "analytics"),
        "source_feedback": pgettext("label", "feedback"),
        "source_map": pgettext("label", "map"),
        "segment_switch": pgettext("label", "Segment"),
        "all_persons": pgettext("label", "All persons"),
        "segment_note": pgettext(
            "label",
            "The map's measured rows show the persons of the chosen segment; KPIs and feedback "
            "are for all persons. * conversion to next differs from the other persons "
            "(two-proportion test, Benjamini-Hochberg q < 0.05).",
        ),
        "segments_table": pgettext("label", "Stage numbers per segment"),
        "segments_cell": pgettext(
            "label",
            "Each cell: reached · conversion to next; drop-off · median time in stage. "
            "* differs from the other persons (q < 0.05).",
        ),
        "no_value": pgettext("label", "(no value)"),
        "other_values": pgettext("label", "other"),
        "merged_values": pgettext("label", "other holds"),
    }


REPORT_LABELS: Mapping[str, Mapping[str, str]] = LabelsByLanguage(_messages)
