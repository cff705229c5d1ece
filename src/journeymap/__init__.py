"""journeymap: Customer Journey Maps as code, measured from real events.

The small public API lives here; everything else is reachable through its subpackage.
"""

from journeymap.model.journey import JourneyMap
from journeymap.model.loader import MapDocument, dump_map, load_map

__all__ = ["JourneyMap", "MapDocument", "dump_map", "load_map"]
__version__ = "0.1.0"
