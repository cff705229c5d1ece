"""The measured emotion lines of the report's workbook, drawn beside the designed curve.

The same series as the HTML report's curve (`measured_curve.py`): all answers first, then each
persona whose id is a segment of the feedback; one value per stage in map order, a gap where a
stage has no answers.
"""

from __future__ import annotations

from journeymap.i18n import gettext as _
from journeymap.i18n import use_language
from journeymap.render.emotion_curve import persona_colours
from journeymap.render.emotion_sheet import ExtraLine
from journeymap.report.data import ReportData
from journeymap.report.measured_curve import ALL_ANSWERS_COLOUR


def measured_emotion_lines(data: ReportData, language: str) -> list[ExtraLine]:
    """The measured lines; none without survey answers."""
    if data.feedback is None or not data.feedback.emotions:
        return []
    journey = data.journey
    names = {p.id: p.name for p in journey.personas}
    colours = persona_colours(journey)
    points = {(p.stage, p.persona_or_segment): p.measured for p in data.feedback.emotions}
    groups: list[str | None] = [None]
    groups += [g for g in colours if any(key[1] == g for key in points)]
    lines = []
    with use_language(language):
        for group in groups:
            values = [points.get((stage.id, group)) for stage in journey.stages]
            if all(value is None for value in values):
                continue
            if group is None:
                title, colour = _("Emotion as measured"), ALL_ANSWERS_COLOUR
            else:
                title = _("{persona}, as measured", persona=names.get(group, group))
                colour = colours[group]
            lines.append(ExtraLine(title, values, colour))
    return lines
