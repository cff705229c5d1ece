"""JM5xx: evidence and review: claims are backed by research and the map is kept current."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.lint.context import Hit, LintContext
from journeymap.lint.coverage import COVERAGE_THRESHOLD, evidence_coverage
from journeymap.lint.rule import rule

REVIEW_MAX_DAYS = 90
"""A living map is checked against reality at least this often."""


@rule(
    "JM501",
    "low-evidence-coverage",
    "warning",
    f"less than {COVERAGE_THRESHOLD:.0%} of the map's claims are backed by evidence",
)
def low_evidence_coverage(ctx: LintContext) -> Iterator[Hit]:
    coverage = evidence_coverage(ctx.map)
    if coverage.ratio is None or coverage.ratio >= COVERAGE_THRESHOLD:
        return
    assumption = coverage.assumption_share or 0.0
    yield Hit(
        (),
        f"evidence coverage {coverage.ratio:.0%} ({coverage.backed} of {coverage.total} claims "
        f"backed; {assumption:.0%} assumption) is below {COVERAGE_THRESHOLD:.0%}",
        hint="add `evidence:` (interview, survey, analytics, support, observation) to personas, "
        "stages and barriers; `journeymap lint --json` lists the claims not backed",
    )


@rule(
    "JM502",
    "review-overdue",
    "warning",
    f"the map was not reviewed for more than {REVIEW_MAX_DAYS} days",
)
def review_overdue(ctx: LintContext) -> Iterator[Hit]:
    reviewed = ctx.map.reviewed
    if reviewed is None:
        return  # JM503
    age = (ctx.today - reviewed).days
    if age > REVIEW_MAX_DAYS:
        yield Hit(
            ("reviewed",),
            f"the map was last reviewed {age} days ago ({reviewed.isoformat()}), "
            f"more than {REVIEW_MAX_DAYS}",
            hint="check the map against current data and interviews, then update `reviewed:`",
        )


@rule("JM503", "no-review-date", "warning", "the map has no review date")
def no_review_date(ctx: LintContext) -> Iterator[Hit]:
    if ctx.map.reviewed is None:
        yield Hit(
            ("reviewed",),
            hint=f"add `reviewed: {ctx.today.isoformat()}` after checking the map against "
            "reality; a living map is reviewed at least every "
            f"{REVIEW_MAX_DAYS} days",
        )


@rule("JM504", "review-date-in-future", "info", "the review date is in the future")
def review_date_in_future(ctx: LintContext) -> Iterator[Hit]:
    reviewed = ctx.map.reviewed
    if reviewed is not None and reviewed > ctx.today:
        yield Hit(
            ("reviewed",),
            f"the review date {reviewed.isoformat()} is in the future",
            hint="write the date the map was actually last checked",
        )


@rule(
    "JM505",
    "suggested-barrier-unconfirmed",
    "info",
    "a barrier suggested by analytics or feedback is not confirmed yet",
)
def suggested_barrier_unconfirmed(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        for j, barrier in enumerate(stage.barriers):
            if barrier.suggested:
                yield Hit(
                    ("stages", i, "barriers", j, "suggested"),
                    f"barrier '{barrier.id}' was suggested and is not confirmed",
                    hint="check it with the team and customers, then remove `suggested: true` "
                    "or the barrier",
                )


EVIDENCE_RULES = (
    low_evidence_coverage,
    review_overdue,
    no_review_date,
    review_date_in_future,
    suggested_barrier_unconfirmed,
)
