"""Synthetic customers walking a map, for demos, load tests and benchmarks.

`simulate(journey, customers, seed=...)` returns rows of the `events` table; `write_events`
saves them as Segment-spec JSON lines or Parquet. Everything produced is labelled simulated.
"""

from journeymap.simulate.check import SimulationError, check_settings
from journeymap.simulate.simulator import Period, simulate, simulation_period
from journeymap.simulate.writer import FORMATS, format_for, segment_lines, write_events

__all__ = [
    "FORMATS",
    "Period",
    "SimulationError",
    "check_settings",
    "format_for",
    "segment_lines",
    "simulate",
    "simulation_period",
    "write_events",
]
