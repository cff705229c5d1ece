"""Geometry of the emotion curve: one line per persona across the stages, on the -2..+2 scale.

Coordinates are in SVG user units. Stage `i` is centred at `(i + 0.5) * column_width`, so a curve
as wide as the stage columns lines up with them when scaled uniformly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from journeymap.model import JourneyMap
from journeymap.model.emotion import EMOTION_MAX, EMOTION_MIN
from journeymap.render.label_layout import Box, place_label, point_box

LINE_GAP = 5.0
"""How far apart lines of personas sharing a score are drawn, so that each stays visible."""

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
    label_x: float = 0.0
    label_y: float = 0.0
    """The label's centre and baseline, placed clear of every other label and point."""
    label_text: str | None = None
    """The label as drawn (shortened with "…" when wider than its column; `label` is whole)."""


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
    obstacles: tuple[Box, ...] = ()
    """The boxes of every point and label, for what is drawn on top (the measured curve)."""


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
    colours = persona_colours(journey)
    offsets = _shared_score_offsets(journey, list(colours))
    series = []
    for persona_id, colour in colours.items():
        points = tuple(
            CurvePoint(
                x=stage_x[n],
                y=y_of(stage.emotions[persona_id].score) + offsets[(n, persona_id)],
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
    width = column_width * max(len(journey.stages), 1)
    placed, obstacles = _place_labels(series, Box(0, 0, width, height), column_width)
    return CurveLayout(
        width=width,
        height=height,
        stage_x=stage_x,
        levels=levels,
        series=tuple(placed),
        obstacles=obstacles,
    )


def _shared_score_offsets(
    journey: JourneyMap, persona_ids: list[str]
) -> dict[tuple[int, str], float]:
    """A vertical nudge per (stage, persona): personas sharing a score are spread `LINE_GAP`
    apart around it, in persona order, so that no line hides another."""
    offsets: dict[tuple[int, str], float] = {}
    for n, stage in enumerate(journey.stages):
        by_score: dict[int, list[str]] = defaultdict(list)
        for persona_id in persona_ids:
            if persona_id in stage.emotions:
                by_score[stage.emotions[persona_id].score].append(persona_id)
        for group in by_score.values():
            for rank, persona_id in enumerate(group):
                offsets[(n, persona_id)] = (rank - (len(group) - 1) / 2) * LINE_GAP
    return offsets


def _place_labels(
    series: list[CurveSeries], bounds: Box, column_width: float
) -> tuple[list[CurveSeries], tuple[Box, ...]]:
    """Every point's label at a free place; low points prefer below, the others above."""
    taken = [point_box(p.x, p.y) for s in series for p in s.points]
    placed = []
    for one in series:
        points = []
        for point in one.points:
            if not point.label:
                points.append(point)
                continue
            label = place_label(
                point.label,
                point.x,
                point.y,
                taken=taken,
                bounds=bounds,
                max_width=column_width - 12,
                below_first=point.score < 0,
            )
            taken.append(label.box)
            points.append(replace(point, label_x=label.x, label_y=label.y, label_text=label.text))
        placed.append(replace(one, points=tuple(points)))
    return placed, tuple(taken)
