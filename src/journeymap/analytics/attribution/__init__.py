"""Multi-touch attribution: heuristic models, Markov removal effects and Shapley values.

Build a touch table from events (`touches_from_events`) or from aggregated paths
(`touches_from_paths`, `read_paths_file`), then call `attribute(touches, model)`.
"""

from journeymap.analytics.attribution.events import NO_TOUCH, has_touches, touches_from_events
from journeymap.analytics.attribution.models import MODELS, attribute
from journeymap.analytics.attribution.paths import read_paths_file, touches_from_paths
from journeymap.analytics.attribution.result import AttributionResult, ChannelCredit

__all__ = [
    "MODELS",
    "NO_TOUCH",
    "AttributionResult",
    "ChannelCredit",
    "attribute",
    "has_touches",
    "read_paths_file",
    "touches_from_events",
    "touches_from_paths",
]
