"""Colours shared by the SVG and XLSX renderings (hex RGB without '#', as openpyxl wants)."""

from __future__ import annotations

from collections.abc import Mapping

GROUP_FILLS: Mapping[str, str] = {
    "customer": "EAF2FB",
    "interaction": "E6F6F3",
    "emotion": "FFF9E0",
    "problem": "FDECEC",
    "solution": "EAF7EC",
    "business": "F1EEFB",
    "blueprint": "F2F4F7",
}
"""Background per lane group (see `lanes.LANE_GROUPS`)."""

SCORE_FILLS: Mapping[int, str] = {
    -2: "F8696B",
    -1: "FBB4B4",
    0: "FFF2CC",
    1: "C6EFCE",
    2: "63BE7B",
}
"""Emotion score -2..+2, red to green."""

SEVERITY_ORDER = ("low", "medium", "high", "critical")
SEVERITY_FILLS: Mapping[str, str] = {
    "low": "FDEDED",
    "medium": "F9D3D3",
    "high": "F6B3B3",
    "critical": "EF8F8F",
}
"""Barrier severity, light to dark red."""

HEADER_FILL = "1F2937"


def worst_severity(tones: list[str | None]) -> str | None:
    """The most severe `severity-*` tone among items, as a severity name."""
    found = [t.removeprefix("severity-") for t in tones if t and t.startswith("severity-")]
    found = [s for s in found if s in SEVERITY_ORDER]
    return max(found, key=SEVERITY_ORDER.index) if found else None
