"""The names analytics options accept (attribution models, feedback groupings and periods), apart
from the analytics themselves so that the command line can list them in its help without
importing Ibis."""

from __future__ import annotations

from typing import Final

HEURISTIC_MODELS: Final = ("first_touch", "last_touch", "linear", "time_decay", "position_based")
ATTRIBUTION_MODELS: Final = (*HEURISTIC_MODELS, "markov", "shapley")

FEEDBACK_GROUP_COLUMNS: Final = ("touchpoint", "stage", "segment", "language", "source", "period")
"""What feedback scores may be grouped by; `period` is the answer time truncated to a period."""

FEEDBACK_PERIOD_UNITS: Final[dict[str, str]] = {
    "day": "D",
    "week": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
}
"""Feedback periods and their Ibis truncation units."""

MODEL_ALIASES: Final[dict[str, str]] = {
    "first": "first_touch",
    "last": "last_touch",
    "position": "position_based",
}
"""Short names `analyze roi --model` also takes."""

ROI_GROUPINGS: Final = ("channel", "campaign")
"""What `analyze roi --by` groups spend and credit by (UTM source, UTM campaign)."""
