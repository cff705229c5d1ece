"""Strategies by journey stage: a policy per map says, per stage, which sources to blend and
which filters apply; `serve` answers one person from precomputed state (see `serving`)."""

from journeymap.personalize.strategies.policy import (
    Filters,
    MapPolicy,
    Source,
    SourceWeight,
    StagePolicy,
    default_policy,
)
from journeymap.personalize.strategies.policy_file import PolicyError, load_policies
from journeymap.personalize.strategies.roles import ROLES, stage_role
from journeymap.personalize.strategies.serving import (
    Recommendation,
    ServingError,
    ServingState,
    UnknownPersonError,
    UnknownStageError,
    build_state,
    load_state,
    save_state,
    serve,
)

__all__ = [
    "ROLES",
    "Filters",
    "MapPolicy",
    "PolicyError",
    "Recommendation",
    "ServingError",
    "ServingState",
    "Source",
    "SourceWeight",
    "StagePolicy",
    "UnknownPersonError",
    "UnknownStageError",
    "build_state",
    "default_policy",
    "load_policies",
    "load_state",
    "save_state",
    "serve",
    "stage_role",
]
