"""journeymap: Customer Journey Maps as code, measured from real events.

The small public API lives here; everything else is reachable through its subpackage. The names
load on first use (PEP 562), so that `journeymap --help` does not pay for the map model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.lazy import lazy_getattr

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


__getattr__ = lazy_getattr(_HOMES, globals())
