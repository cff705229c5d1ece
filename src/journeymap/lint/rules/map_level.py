"""JM1xx: the map as a whole: one goal, one segment, personas and stages, an owner."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.i18n import N_
from journeymap.i18n import gettext as _
from journeymap.lint.context import Hit, LintContext
from journeymap.lint.rule import rule


@rule("JM101", "map-without-goal", "error", N_("the map states no business goal"))
def map_without_goal(ctx: LintContext) -> Iterator[Hit]:
    if not ctx.map.goal:
        yield Hit(
            ("goal",),
            hint=_(
                "add `goal:` with the business goal the map serves, e.g. 'Reduce cart abandonment'"
            ),
        )


@rule(
    "JM102",
    "map-without-segment",
    "error",
    N_("the map names no segment: one map for everyone"),
)
def map_without_segment(ctx: LintContext) -> Iterator[Hit]:
    if not ctx.map.segment:
        yield Hit(
            ("segment",),
            hint=_("add `segment:` naming the customers this map is for; draw one map per segment"),
        )


@rule("JM103", "map-without-personas", "warning", N_("the map has no personas"))
def map_without_personas(ctx: LintContext) -> Iterator[Hit]:
    if not ctx.map.personas:
        yield Hit(
            ("personas",),
            hint=_("add at least one concrete persona; emotions are recorded per persona"),
        )


@rule("JM104", "map-without-stages", "error", N_("the map has no stages"))
def map_without_stages(ctx: LintContext) -> Iterator[Hit]:
    if not ctx.map.stages:
        yield Hit(
            ("stages",),
            hint=_(
                "list the phases of the journey under `stages:` "
                "(start from `journeymap init --template classic`)"
            ),
        )


@rule("JM105", "map-without-owner", "info", N_("nobody owns the map"))
def map_without_owner(ctx: LintContext) -> Iterator[Hit]:
    if not ctx.map.owner:
        yield Hit(("owner",), hint=_("add `owner:` (a person or team) who keeps the map current"))


MAP_RULES = (
    map_without_goal,
    map_without_segment,
    map_without_personas,
    map_without_stages,
    map_without_owner,
)
