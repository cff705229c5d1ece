"""The measured emotion curve ("as measured") drawn over the designed one ("as designed").

One dashed series for all answers, plus one per persona whose id is a segment in the feedback,
on the same -2..+2 axis and stage columns as the designed curve (`layout_curve`). Each point
carries its 95% interval (a whisker) and the number of answers behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from journeymap.analytics.feedback import EmotionPoint
from journeymap.model import JourneyMap
from journeymap.render.emotion_curve import CurveLayout, CurvePoint, CurveSeries
from journeymap.render.label_layout import Box, place_label, point_box

ALL_ANSWERS_COLOUR = "#111827"


@dataclass(frozen=True)
class MeasuredPoint:
    x: float
    y: float
    low_y: float | None
    high_y: float | None
    value: float
    designed: float | None
    answers: int
    stage_name: str
    label: str = ""
    """The value and answers ("+1.2 · n=34"), drawn for all answers only."""
    label_x: float = 0.0
    label_y: float = 0.0


@dataclass(frozen=True)
class MeasuredSeries:
    key: str
    """`all` or a persona id."""
    name: str | None
    """The persona's name; None for all answers."""
    colour: str
    points: tuple[MeasuredPoint, ...]

    @property
    def path(self) -> str:
        """The same smooth line as the designed curve, through the measured points."""
        points = tuple(CurvePoint(p.x, p.y, 0, None, "", "") for p in self.points)
        return CurveSeries(self.key, self.key, self.colour, points).path


def measured_series(
    curve: CurveLayout,
    points: Sequence[EmotionPoint],
    journey: JourneyMap,
    colours: dict[str, str],
) -> list[MeasuredSeries]:
    """Measured series on `curve`'s axes: all answers first, then personas found in feedback."""
    top, bottom = curve.levels[0], curve.levels[-1]

    def y_of(score: float) -> float:
        return top.y + (top.score - score) / (top.score - bottom.score) * (bottom.y - top.y)

    column = {stage.id: n for n, stage in enumerate(journey.stages)}
    names = {stage.id: stage.name for stage in journey.stages}
    personas = {p.id: p.name for p in journey.personas}
    grouped: dict[str | None, list[MeasuredPoint]] = {}
    for point in points:
        if point.stage not in column:
            continue
        if point.persona_or_segment is not None and point.persona_or_segment not in colours:
            continue
        grouped.setdefault(point.persona_or_segment, []).append(
            MeasuredPoint(
                x=curve.stage_x[column[point.stage]],
                y=y_of(point.measured),
                low_y=None if point.low is None else y_of(point.low),
                high_y=None if point.high is None else y_of(point.high),
                value=point.measured,
                designed=point.designed,
                answers=point.answers,
                stage_name=names[point.stage],
            )
        )
    series = []
    for key in sorted(grouped, key=lambda k: (k is not None, str(k))):
        ordered = tuple(sorted(grouped[key], key=lambda p: p.x))
        if key is None:
            ordered = _place_labels(ordered, curve)
            series.append(MeasuredSeries("all", None, ALL_ANSWERS_COLOUR, ordered))
        else:
            series.append(MeasuredSeries(key, personas.get(key, key), colours[key], ordered))
    return series


def _place_labels(
    points: tuple[MeasuredPoint, ...], curve: CurveLayout
) -> tuple[MeasuredPoint, ...]:
    """Labels of the all-answers points, clear of the designed curve's points and labels."""
    taken = list(curve.obstacles) + [point_box(p.x, p.y) for p in points]
    bounds = Box(0, 0, curve.width, curve.height)
    column = curve.width / max(len(curve.stage_x), 1)
    placed = []
    for point in points:
        text = f"{point.value:+.1f} · n={point.answers}"
        label = place_label(
            text, point.x, point.y, taken=taken, bounds=bounds, max_width=column - 12
        )
        taken.append(label.box)
        placed.append(replace(point, label=label.text, label_x=label.x, label_y=label.y))
    return tuple(placed)
