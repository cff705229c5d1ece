"""The rule families; each module holds the rules of one code range."""

from __future__ import annotations

from journeymap.lint.rule import Rule
from journeymap.lint.rules.barriers import BARRIER_RULES
from journeymap.lint.rules.evidence import EVIDENCE_RULES
from journeymap.lint.rules.file import FILE_RULES
from journeymap.lint.rules.map_level import MAP_RULES
from journeymap.lint.rules.personas import PERSONA_RULES
from journeymap.lint.rules.stages import STAGE_RULES

ALL_RULES: tuple[Rule, ...] = (
    *FILE_RULES,
    *MAP_RULES,
    *PERSONA_RULES,
    *STAGE_RULES,
    *BARRIER_RULES,
    *EVIDENCE_RULES,
)
