"""The report as one self-contained HTML page: inline CSS, inline SVG, no network."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2

from journeymap.analytics.segmentation import NO_SEGMENT, OTHER
from journeymap.model import JourneyMap
from journeymap.render.emotion_curve import has_emotions, layout_curve, persona_colours
from journeymap.render.labels import LABELS, LANGUAGES, label_language
from journeymap.render.templating import static_text
from journeymap.report.data import ReportData
from journeymap.report.formatting import (
    day_text,
    format_duration,
    format_percent,
    interval_text,
    kpi_value,
    score_text,
)
from journeymap.report.measured_curve import measured_series
from journeymap.report.report_labels import REPORT_LABELS
from journeymap.report.sankey_svg import layout_sankey
from journeymap.report.segment_cells import segment_cells
from journeymap.report.trend_table import trend_table

STAGE_WIDTH = 240.0
"""Width of a stage in the emotion curve's coordinates (the SVG scales to the real columns)."""
STAGE_MIN_WIDTH = 170
"""The narrowest a stage column gets before the grid scrolls: six stages and the lane fit a
1400 px window (190 + 6 x 170 = 1210 px of the about 1340 px the page leaves)."""
LANE_WIDTH = 190


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("journeymap.report", "templates"),
                jinja2.PackageLoader("journeymap.render", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["all_labels"] = {
        code: {**LABELS[code], **REPORT_LABELS[code]} for code in LANGUAGES
    }
    env.globals["languages"] = LANGUAGES
    env.filters["num"] = lambda value: f"{value:.1f}"
    env.filters["pct"] = _with_lang(format_percent)
    env.filters["count"] = lambda value: "–" if value is None else f"{value:,}"
    env.filters["duration"] = _with_lang(format_duration)
    env.filters["day"] = day_text
    env.filters["pvalue"] = _with_lang(_p_value)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def _p_value(value: float | None, language: str) -> str:
    """Three significant digits in the language's way (`0.0412`, `0,0412`)."""
    from journeymap.i18n import format_number

    if value is None:
        return "–"
    text = f"{value:.3g}"
    if "e" in text:
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_number(float(text), decimals=decimals, language=language)


def _with_lang(function: Callable[[float | None, str], str]) -> Callable[..., str]:
    @jinja2.pass_context
    def formatted(context: jinja2.runtime.Context, value: float | None) -> str:
        return function(value, str(context.get("lang", "en")))

    return formatted


def render_report_html(data: ReportData, *, language: str | None = None, toolbar: str = "") -> str:
    """The report page. `toolbar`: markup put at the top of the page (the web app's scope
    pickers and trend charts; a `markupsafe.Markup`, a plain string is escaped); empty for the
    standalone file."""
    journey = data.journey
    lang = label_language(language or journey.language)
    curve = layout_curve(journey, column_width=STAGE_WIDTH) if has_emotions(journey) else None
    colours = persona_colours(journey)
    measured = (
        measured_series(curve, data.feedback.emotions, journey, colours)
        if curve is not None and data.feedback is not None
        else []
    )
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            data=data,
            journey=journey,
            lang=lang,
            rows=data.stages.stages if data.stages else [],
            kpis_by_stage=_kpis_by_stage(data),
            kpi_names={k.kpi: k.name for k in data.kpis},
            trends=trend_table(data.kpi_trends, {k.kpi: k.name for k in data.kpis}, lang),
            kpi_value=kpi_value,
            score_text=score_text,
            interval_text=interval_text,
            curve=curve,
            measured=measured,
            feedback=data.feedback,
            touchpoint_names={t.id: t.name for t in journey.touchpoints},
            colours=colours,
            stage_width=STAGE_WIDTH,
            stage_min_width=STAGE_MIN_WIDTH,
            lane_width=LANE_WIDTH,
            sankey=layout_sankey(data.flows, names=_names(journey)) if data.flows else None,
            stage_names=_names(journey),
            max_time=max((t.get("p90", 0.0) for t in data.time_in_stage.values()), default=0.0),
            segment_cells=segment_cells(data.segmentations, lang, data.unmeasured),
            no_segment=NO_SEGMENT,
            other_segment=OTHER,
            css=static_text("map.css"),
            script=static_text("map.js"),
            toolbar=toolbar,
        )
    )


def _kpis_by_stage(data: ReportData) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for result in data.kpis:
        grouped.setdefault(result.stage, []).append(result)
    return grouped


def _names(journey: JourneyMap) -> dict[str, str]:
    names = {s.id: s.name for s in journey.stages}
    names.update({"drop-off": "drop-off", "other": "other"})
    return names
