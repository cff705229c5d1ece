"""The texts the segment switcher puts into the map grid's measured rows, per segment value.

They are formatted exactly as the grid formats its own cells (`report.formatting`), so that
switching back and forth shows the same kind of text; the page embeds them as JSON for its
inline script and renders them as the per-segment table for readers without scripts.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from journeymap.report.formatting import format_duration, format_percent
from journeymap.report.segments_section import Segmentation, SegmentStage

DIFFERS_MARK = " *"
"""Appended to a conversion that differs from the other persons' (BH q < 0.05)."""


def stage_cells(stage: SegmentStage, lang: str) -> dict[str, Any]:
    """Texts of one stage for one segment value, keyed by the grid row (`data-row`)."""
    drop_off = _count(stage.drop_off)
    if stage.drop_off_share is not None:
        drop_off += f" ({format_percent(stage.drop_off_share, lang)})"
    conversion = format_percent(stage.conversion_to_next, lang)
    return {
        "reach": _count(stage.persons),
        "conversion": conversion + (DIFFERS_MARK if stage.differs else ""),
        "drop-off": drop_off,
        "median-time": format_duration(stage.median_seconds, lang),
        "differs": stage.differs,
        "q": None if stage.q_value is None else f"q = {stage.q_value:.2g}",
    }


def segment_cells(
    found: list[Segmentation], lang: str, unmeasured: Collection[str] = ()
) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    """Segmentation -> segment value -> stage id -> its texts (see `stage_cells`); the reach
    of a stage in `unmeasured` (its bindings cannot measure it) is "–", not 0."""
    return {
        segmentation.by: {
            value.value: {
                s.stage: stage_cells(s, lang) | ({"reach": "–"} if s.stage in unmeasured else {})
                for s in value.stages
            }
            for value in segmentation.values
        }
        for segmentation in found
    }


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"
