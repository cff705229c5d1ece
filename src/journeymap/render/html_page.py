"""HTML rendering: one self-contained page (or a fragment for Jupyter), no network at all."""

from __future__ import annotations

from dataclasses import dataclass

from journeymap.model import JourneyMap, Touchpoint
from journeymap.render.emotion_curve import has_emotions, layout_curve, persona_colours
from journeymap.render.labels import check_language, label_language
from journeymap.render.lanes import build_lanes
from journeymap.render.templating import environment, static_text

STAGE_COLUMN_WIDTH = 240.0
"""Width of a stage column in CSS pixels on screen; the curve's user units match it."""
LANE_COLUMN_WIDTH = 190.0


@dataclass(frozen=True)
class TouchpointRow:
    touchpoint: Touchpoint
    stages: tuple[str, ...]
    """Names of the stages that use it."""


def render_html(
    journey: JourneyMap, *, standalone: bool = True, language: str | None = None
) -> str:
    """The map as HTML. `standalone=False` gives an embeddable fragment (Jupyter).

    `language` picks the built-in labels shown first (default: the map's language); the page
    has a switch between the built-in languages that works without a server.
    """
    lang = check_language(language) if language else label_language(journey.language)
    template = environment().get_template("map.html.j2")
    return template.render(
        journey=journey,
        lang=lang,
        standalone=standalone,
        lanes=build_lanes(journey),
        curve=layout_curve(journey, column_width=STAGE_COLUMN_WIDTH)
        if has_emotions(journey)
        else None,
        colours=persona_colours(journey),
        barrier_counts=[len(stage.barriers) for stage in journey.stages],
        touchpoint_rows=[
            TouchpointRow(tp, tuple(s.name for s in journey.stages_of_touchpoint(tp.id)))
            for tp in journey.touchpoints
        ],
        stage_width=STAGE_COLUMN_WIDTH,
        lane_width=LANE_COLUMN_WIDTH,
        css=static_text("map.css"),
        script=static_text("map.js"),
    )


def page_width(journey: JourneyMap) -> int:
    """CSS pixels needed to show the whole grid without horizontal scrolling."""
    return int(LANE_COLUMN_WIDTH + STAGE_COLUMN_WIDTH * max(len(journey.stages), 1) + 64)
