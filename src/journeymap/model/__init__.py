"""The map model: pydantic models of journey maps, YAML load/dump with positions, JSON Schema.

This layer imports nothing else of journeymap.
"""

from journeymap.model.barrier import Barrier, Severity
from journeymap.model.binding import Binding, Condition
from journeymap.model.emotion import Emotion
from journeymap.model.evidence import Evidence
from journeymap.model.journey import JourneyMap, LintSettings
from journeymap.model.kpi import KPI, Measured
from journeymap.model.loader import MapDocument, dump_map, load_document, load_map, parse_map
from journeymap.model.persona import AgeRange, Persona
from journeymap.model.problems import MapError, Problem
from journeymap.model.schema import map_json_schema
from journeymap.model.solution import Solution
from journeymap.model.stage import Stage
from journeymap.model.touchpoint import Touchpoint

__all__ = [
    "KPI",
    "AgeRange",
    "Barrier",
    "Binding",
    "Condition",
    "Emotion",
    "Evidence",
    "JourneyMap",
    "LintSettings",
    "MapDocument",
    "MapError",
    "Measured",
    "Persona",
    "Problem",
    "Severity",
    "Solution",
    "Stage",
    "Touchpoint",
    "dump_map",
    "load_document",
    "load_map",
    "map_json_schema",
    "parse_map",
]
