"""JM4xx: barriers have solutions, solutions have owners, KPIs have targets and measures."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.i18n import N_, pgettext
from journeymap.i18n import gettext as _
from journeymap.lint.context import Hit, LintContext, Loc
from journeymap.lint.measure_suggestion import suggest_measure
from journeymap.lint.rule import rule
from journeymap.model import Solution

SEVERE = ("high", "critical")


@rule("JM401", "barrier-without-solutions", "warning", N_("a barrier has no solutions"))
def barrier_without_solutions(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        for j, barrier in enumerate(stage.barriers):
            if not barrier.solutions:
                yield Hit(
                    ("stages", i, "barriers", j),
                    _("barrier '{id}' has no solutions", id=barrier.id),
                    hint=_("add `solutions:` saying what the team will do about it"),
                )


def _solutions(ctx: LintContext) -> Iterator[tuple[Loc, Solution]]:
    for i, stage in enumerate(ctx.map.stages):
        for j, barrier in enumerate(stage.barriers):
            for k, solution in enumerate(barrier.solutions):
                yield ("stages", i, "barriers", j, "solutions", k), solution
        for k, opportunity in enumerate(stage.opportunities):
            yield ("stages", i, "opportunities", k), opportunity


@rule("JM402", "solution-without-owner", "warning", N_("a solution or opportunity has no owner"))
def solution_without_owner(ctx: LintContext) -> Iterator[Hit]:
    for loc, solution in _solutions(ctx):
        if not solution.owner and solution.status != "rejected":
            yield Hit(
                loc,
                _("solution '{text}' has no owner", text=_short(solution.text)),
                hint=_(
                    "write it as `{{text: ..., owner: {owner}}}`", owner=_("<person or department>")
                ),
            )


def _severity(severity: str) -> str:
    if severity == "critical":
        return pgettext("barrier severity", "critical")
    return pgettext("barrier severity", "high")


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@rule("JM403", "kpi-without-target", "warning", N_("a KPI has no target"))
def kpi_without_target(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        for j, kpi in enumerate(stage.kpis):
            if kpi.target is None:
                yield Hit(
                    ("stages", i, "kpis", j),
                    _("KPI '{id}' has no target", id=kpi.id),
                    hint=_("add `target:` (and `unit:`): a KPI without a target cannot fail"),
                )


@rule(
    "JM404",
    "severe-barrier-without-evidence",
    "warning",
    N_("a high or critical barrier is backed by no evidence beyond assumption"),
)
def severe_barrier_without_evidence(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        for j, barrier in enumerate(stage.barriers):
            if barrier.severity in SEVERE and all(e.is_assumption for e in barrier.evidence):
                yield Hit(
                    ("stages", i, "barriers", j, "severity"),
                    _(
                        "barrier '{id}' is {severity} but has no evidence beyond assumption",
                        id=barrier.id,
                        severity=_severity(barrier.severity),
                    ),
                    hint=_(
                        "add `evidence:` from interviews, surveys, analytics or support, "
                        "or lower the severity until it is checked"
                    ),
                )


@rule(
    "JM405",
    "kpi-without-measure",
    "info",
    N_("a KPI has no `measure` expression: it cannot be computed from data"),
)
def kpi_without_measure(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        for j, kpi in enumerate(stage.kpis):
            if not kpi.measure:
                yield Hit(
                    ("stages", i, "kpis", j),
                    _("KPI '{id}' has no measure", id=kpi.id),
                    hint=_(
                        "add `measure: {measure}` (a measure that fits the name)",
                        measure=suggest_measure(kpi.name, stage, ctx.map),
                    ),
                )


LOWER_IS_BETTER = ("cac", "cpa", "drr")
"""Cost measures where less is better (spend per customer or order, share of revenue on ads)."""


@rule(
    "JM406",
    "cost-kpi-direction",
    "warning",
    N_("a cost KPI's direction contradicts its measure (CAC, CPA and DRR should decrease)"),
)
def cost_kpi_direction(ctx: LintContext) -> Iterator[Hit]:
    from journeymap.model.measure_syntax import COST_MEASURES, measure_function

    for i, stage in enumerate(ctx.map.stages):
        for j, kpi in enumerate(stage.kpis):
            function = measure_function(kpi.measure or "")
            if function not in COST_MEASURES:
                continue
            wanted = "decrease" if function in LOWER_IS_BETTER else "increase"
            if kpi.direction != wanted:
                yield Hit(
                    ("stages", i, "kpis", j, "direction"),
                    _(
                        "KPI '{id}' measures {function} with direction {direction}",
                        id=kpi.id,
                        function=function,
                        direction=kpi.direction,
                    ),
                    hint=_(
                        "write `direction: {wanted}`; the value needs ad costs in the store "
                        "(journeymap costs import FILE)",
                        wanted=wanted,
                    ),
                )


BARRIER_RULES = (
    barrier_without_solutions,
    solution_without_owner,
    kpi_without_target,
    severe_barrier_without_evidence,
    kpi_without_measure,
    cost_kpi_direction,
)
