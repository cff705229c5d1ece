"""The map model: pydantic models of journey maps, YAML load/dump with positions, JSON Schema.

This layer imports nothing else of journeymap. Its names load on first use (PEP 562): a module
of the package that needs no pydantic model (the quick check of `journeymap validate`, the
measure syntax, the problems) is imported without pydantic.
"""

from typing import TYPE_CHECKING

from journeymap.lazy import lazy_getattr

if TYPE_CHECKING:
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

_HOMES = {
    "Barrier": "journeymap.model.barrier",
    "Severity": "journeymap.model.barrier",
    "Binding": "journeymap.model.binding",
    "Condition": "journeymap.model.binding",
    "Emotion": "journeymap.model.emotion",
    "Evidence": "journeymap.model.evidence",
    "JourneyMap": "journeymap.model.journey",
    "LintSettings": "journeymap.model.journey",
    "KPI": "journeymap.model.kpi",
    "Measured": "journeymap.model.kpi",
    "MapDocument": "journeymap.model.loader",
    "dump_map": "journeymap.model.loader",
    "load_document": "journeymap.model.loader",
    "load_map": "journeymap.model.loader",
    "parse_map": "journeymap.model.loader",
    "AgeRange": "journeymap.model.persona",
    "Persona": "journeymap.model.persona",
    "MapError": "journeymap.model.problems",
    "Problem": "journeymap.model.problems",
    "map_json_schema": "journeymap.model.schema",
    "Solution": "journeymap.model.solution",
    "Stage": "journeymap.model.stage",
    "Touchpoint": "journeymap.model.touchpoint",
}

__getattr__ = lazy_getattr(_HOMES, globals())
