"""The report as one self-contained HTML page: inline CSS, inline SVG, no network."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from journeymap.model import JourneyMap
from journeymap.render.emotion_curve import has_emotions, layout_curve, persona_colours
from journeymap.render.labels import LABELS, LANGUAGES, label_language
from journeymap.render.lanes import format_quantity
from journeymap.render.templating import static_text
from journeymap.report.data import ReportData
from journeymap.report.report_labels import REPORT_LABELS
from journeymap.report.sankey_svg import layout_sankey

STAGE_WIDTH = 240.0


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
    env.filters["pct"] = lambda value: "–" if value is None else f"{value:.1%}"
    env.filters["count"] = lambda value: "–" if value is None else f"{value:,}"
    env.filters["duration"] = format_duration
    return env


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def kpi_value(value: float | None, unit: str | None, measure: str | None) -> str:
    if value is None:
        return "–"
    if measure and measure.strip().lower().startswith(("median_time", "p90_time")) and not unit:
        return format_duration(value)
    if unit == "seconds":
        return format_duration(value)
    if unit is None and 0 <= value <= 1:
        return f"{value:.1%}"
    return format_quantity(round(value, 3), unit)


def render_report_html(data: ReportData, *, language: str | None = None) -> str:
    journey = data.journey
    lang = label_language(language or journey.language)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            data=data,
            journey=journey,
            lang=lang,
            rows=data.stages.stages if data.stages else [],
            kpis_by_stage=_kpis_by_stage(data),
            kpi_value=kpi_value,
            curve=layout_curve(journey, column_width=STAGE_WIDTH)
            if has_emotions(journey)
            else None,
            colours=persona_colours(journey),
            stage_width=STAGE_WIDTH,
            sankey=layout_sankey(data.flows) if data.flows else None,
            stage_names=_names(journey),
            max_time=max((t.get("p90", 0.0) for t in data.time_in_stage.values()), default=0.0),
            css=static_text("map.css"),
            script=static_text("map.js"),
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
