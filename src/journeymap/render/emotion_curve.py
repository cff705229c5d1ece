"""Geometry of the emotion curve: one line per persona across the stages, on the -2..+2 scale.

Coordinates are in SVG user units. Stage `i` is centred at `(i + 0.5) * column_width`, so a curve
as wide as the stage columns lines up with them when scaled uniformly.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import JourneyMap
from journeymap.model.emotion import EMOTION_MAX, EMOTION_MIN

PALETTE = (
    "#2563eb",
    "#db2777",
    "#059669",
    "#d97706",
    "#7c3aed",
    "#0891b2",
    "#b91c1c",
    "#4b5563",
)


@dataclass(frozen=True)
class CurvePoint:
    x: float
    y: float
    score: int
    label: str | None
    stage_id: str
    stage_name: str

    @property
    def label_y(self) -> float:
        """Where the point's label goes: below low points, above the others, off the line."""
        return self.y + 20 if self.score < 0 else self.y - 11


@dataclass(frozen=True)
class CurveSeries:
    persona_id: str
    name: str
    colour: str
    points: tuple[CurvePoint, ...]

    @property
    def path(self) -> str:
        """SVG path data: a smooth line through the points that never overshoots the scale."""
        if not self.points:
            return ""
        first = self.points[0]
        parts = [f"M {first.x:.1f} {first.y:.1f}"]
        for start, end in zip(self.points, self.points[1:], strict=False):
            middle = (start.x + end.x) / 2
            parts.append(
                f"C {middle:.1f} {start.y:.1f} {middle:.1f} {end.y:.1f} {end.x:.1f} {end.y:.1f}"
            )
        return " ".join(parts)


@dataclass(frozen=True)
class CurveLevel:
    score: int
    y: float


@dataclass(frozen=True)
class CurveLayout:
    width: float
    height: float
    stage_x: tuple[float, ...]
    levels: tuple[CurveLevel, ...]
    series: tuple[CurveSeries, ...]


def persona_colours(journey: JourneyMap) -> dict[str, str]:
    """A stable colour per persona (by position in the map), also for ids only used in emotions."""
    ids = [p.id for p in journey.personas]
    for stage in journey.stages:
        ids += [p for p in stage.emotions if p not in ids]
    return {persona_id: PALETTE[n % len(PALETTE)] for n, persona_id in enumerate(ids)}


def has_emotions(journey: JourneyMap) -> bool:
    return any(stage.emotions for stage in journey.stages)


def layout_curve(
    journey: JourneyMap,
    *,
    column_width: float = 240.0,
    height: float = 190.0,
    margin: float = 26.0,
) -> CurveLayout:
    stage_x = tuple((n + 0.5) * column_width for n in range(len(journey.stages)))
    span = height - 2 * margin

    def y_of(score: int) -> float:
        return margin + (EMOTION_MAX - score) / (EMOTION_MAX - EMOTION_MIN) * span

    names = {p.id: p.name for p in journey.personas}
    series = []
    for persona_id, colour in persona_colours(journey).items():
        points = tuple(
            CurvePoint(
                x=stage_x[n],
                y=y_of(stage.emotions[persona_id].score),
                score=stage.emotions[persona_id].score,
                label=stage.emotions[persona_id].label,
                stage_id=stage.id,
                stage_name=stage.name,
            )
            for n, stage in enumerate(journey.stages)
            if persona_id in stage.emotions
        )
        if points:
            series.append(
                CurveSeries(persona_id, names.get(persona_id, persona_id), colour, points)
            )
    levels = tuple(CurveLevel(s, y_of(s)) for s in range(EMOTION_MAX, EMOTION_MIN - 1, -1))
    return CurveLayout(
        width=column_width * max(len(journey.stages), 1),
        height=height,
        stage_x=stage_x,
        levels=levels,
        series=tuple(series),
    )
