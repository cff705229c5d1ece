"""Collision-free placement of short chart labels (emotion curve, measured curve).

Text cannot be measured without a browser, so a label's box is estimated from its length with a
generous average glyph width (bold Cyrillic and Latin at 12 px stay inside it in Chromium). Each
label tries positions around its anchor, nearest first, and takes the first one inside the chart
that meets no box placed before it: labels never overlap, whatever the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FONT_SIZE = 12.0
GLYPH_WIDTH = 0.68 * FONT_SIZE
LINE_HEIGHT = 1.25 * FONT_SIZE
BASELINE = 0.95 * FONT_SIZE
"""From a box's top to the text's baseline."""
GAP = 7.0
"""Between a point and its label."""


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Box) -> float:
        """The area both boxes cover (0 when they only touch)."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0

    def inside(self, other: Box) -> bool:
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


@dataclass(frozen=True)
class PlacedLabel:
    text: str
    """What is drawn: the label, shortened with "…" when wider than allowed."""
    x: float
    """The horizontal centre (`text-anchor="middle"`)."""
    y: float
    """The baseline."""
    box: Box


def point_box(x: float, y: float, radius: float = 5.0) -> Box:
    return Box(x - radius, y - radius, x + radius, y + radius)


def text_width(text: str) -> float:
    return len(text) * GLYPH_WIDTH


def shorten(text: str, max_width: float) -> str:
    """`text` cut with "…" so that it fits `max_width` (the full text goes in a tooltip)."""
    if text_width(text) <= max_width:
        return text
    keep = max(int(max_width // GLYPH_WIDTH) - 1, 1)
    return text[:keep].rstrip() + "…"


def _candidates(x: float, y: float, width: float, below_first: bool) -> Iterable[Box]:
    """Boxes around the point (x, y), nearest first: above/below, beside, then further away."""
    half = width / 2
    above = Box(x - half, y - GAP - LINE_HEIGHT, x + half, y - GAP)
    below = Box(x - half, y + GAP, x + half, y + GAP + LINE_HEIGHT)
    right = Box(x + GAP + 3, y - LINE_HEIGHT / 2, x + GAP + 3 + width, y + LINE_HEIGHT / 2)
    left = Box(x - GAP - 3 - width, y - LINE_HEIGHT / 2, x - GAP - 3, y + LINE_HEIGHT / 2)
    for step in range(12):
        shift = step * (LINE_HEIGHT + 1)
        up = Box(above.left, above.top - shift, above.right, above.bottom - shift)
        down = Box(below.left, below.top + shift, below.right, below.bottom + shift)
        yield from (down, up) if below_first else (up, down)
        if step == 0:
            yield right
            yield left
        for box in (right, left):
            yield Box(box.left, box.top - shift, box.right, box.bottom - shift)
            yield Box(box.left, box.top + shift, box.right, box.bottom + shift)


def place_label(
    text: str,
    x: float,
    y: float,
    *,
    taken: Sequence[Box],
    bounds: Box,
    max_width: float,
    below_first: bool = False,
) -> PlacedLabel:
    """The first free position for `text` near the point (x, y); `taken` is not changed.

    When every position is taken (a crowded chart), the one overlapping least is used.
    """
    shown = shorten(text, max_width)
    width = text_width(shown)
    best: Box | None = None
    best_overlap = float("inf")
    for box in _candidates(x, y, width, below_first):
        if not box.inside(bounds):
            continue
        overlap = sum(box.overlap(other) for other in taken)
        if overlap < best_overlap:
            best, best_overlap = box, overlap
        if overlap == 0:
            break
    if best is None:
        best = Box(x - width / 2, y - GAP - LINE_HEIGHT, x + width / 2, y - GAP)
    return PlacedLabel(shown, (best.left + best.right) / 2, best.top + BASELINE, best)
