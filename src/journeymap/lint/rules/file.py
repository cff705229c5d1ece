"""JM0xx: the file itself: maps that do not load, loader repairs, unknown rule codes."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.i18n import N_
from journeymap.lint.context import Hit, LintContext
from journeymap.lint.rule import Rule, rule

MAP_NOT_LOADED = Rule(
    "JM000",
    "map-not-loaded",
    "error",
    N_("the map file cannot be loaded (bad YAML, wrong type, unknown key, dangling reference)"),
    can_disable=False,
)


@rule("JM001", "unquoted-colon", "warning", N_("a value contains ': ' and was read as quoted text"))
def unquoted_colon(ctx: LintContext) -> Iterator[Hit]:
    for note in ctx.document.notes:
        yield Hit(message=note.message, hint=note.hint, line=note.line, column=note.column)


UNKNOWN_RULE_CODE = Rule(
    "JM002",
    "unknown-rule-code",
    "warning",
    N_("a disable list names a rule code that does not exist"),
)

FILE_RULES = (MAP_NOT_LOADED, unquoted_colon, UNKNOWN_RULE_CODE)
