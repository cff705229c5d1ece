"""JM1xx: the map as a whole: one goal, one segment, personas and stages, an owner."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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


PLACEHOLDER = re.compile(r"\b(?:замените\s+на|replace\s+with)\b", re.IGNORECASE)
"""The phrase the map templates (`journeymap init`) put where the author writes her own text."""


def _placeholders(node: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, str):
        if PLACEHOLDER.search(node):
            yield loc
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _placeholders(value, (*loc, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _placeholders(value, (*loc, i))


@rule(
    "JM106",
    "placeholder-text",
    "warning",
    N_("the map still holds template placeholder text"),
)
def placeholder_text(ctx: LintContext) -> Iterator[Hit]:
    for loc in _placeholders(ctx.document.data, ()):
        yield Hit(
            loc,
            _("'{path}' still holds the template's placeholder text", path=_dotted(loc)),
            hint=_("replace the placeholder with the map's own text, or delete the field"),
        )


def _dotted(loc: tuple[str | int, ...]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


MAP_RULES = (
    map_without_goal,
    map_without_segment,
    map_without_personas,
    map_without_stages,
    map_without_owner,
    placeholder_text,
)
