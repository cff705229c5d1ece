"""journeymap: Customer Journey Maps as code, measured from real events.

The small public API lives here; everything else is reachable through its subpackage. The names
load on first use (PEP 562), so that `journeymap --help` does not pay for the map model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap
    from journeymap.model.loader import MapDocument, dump_map, load_map

__all__ = ["JourneyMap", "MapDocument", "dump_map", "load_map"]
__version__ = "0.1.0"

_HOMES = {
    "JourneyMap": "journeymap.model.journey",
    "MapDocument": "journeymap.model.loader",
    "dump_map": "journeymap.model.loader",
    "load_map": "journeymap.model.loader",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
