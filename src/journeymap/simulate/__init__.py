"""Synthetic customers walking a map, for demos, load tests and benchmarks.

`simulate(journey, customers, seed=...)` returns rows of the `events` table; `write_events`
saves them as Segment-spec JSON lines or Parquet. Everything produced is labelled simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.lazy import lazy_getattr

if TYPE_CHECKING:
    from journeymap.simulate.check import SimulationError, check_settings
    from journeymap.simulate.event_formats import FORMATS
    from journeymap.simulate.simulator import Period, simulate, simulation_period
    from journeymap.simulate.taste import SimulatedItem
    from journeymap.simulate.writer import format_for, segment_lines, write_events

__all__ = [
    "FORMATS",
    "Period",
    "SimulatedItem",
    "SimulationError",
    "check_settings",
    "format_for",
    "segment_lines",
    "simulate",
    "simulation_period",
    "write_events",
]

# Each public name loads its module on first use (PEP 562), so that importing the package (as
# every `journeymap` command does) stays cheap.
_HOMES = {
    "SimulationError": "journeymap.simulate.check",
    "check_settings": "journeymap.simulate.check",
    "Period": "journeymap.simulate.simulator",
    "simulate": "journeymap.simulate.simulator",
    "simulation_period": "journeymap.simulate.simulator",
    "SimulatedItem": "journeymap.simulate.taste",
    "FORMATS": "journeymap.simulate.event_formats",
    "format_for": "journeymap.simulate.writer",
    "segment_lines": "journeymap.simulate.writer",
    "write_events": "journeymap.simulate.writer",
}


__getattr__ = lazy_getattr(_HOMES, globals())
