"""JM5xx: evidence and review: claims are backed by research and the map is kept current."""

from __future__ import annotations

from collections.abc import Iterator

from journeymap.i18n import N_, format_date, format_percent, ngettext
from journeymap.i18n import gettext as _
from journeymap.lint.context import Hit, LintContext
from journeymap.lint.coverage import COVERAGE_THRESHOLD, evidence_coverage
from journeymap.lint.rule import rule

REVIEW_MAX_DAYS = 90
"""A living map is checked against reality at least this often."""


@rule(
    "JM501",
    "low-evidence-coverage",
    "warning",
    N_("less than {threshold} of the map's claims are backed by evidence"),
    threshold=lambda: format_percent(COVERAGE_THRESHOLD),
)
def low_evidence_coverage(ctx: LintContext) -> Iterator[Hit]:
    coverage = evidence_coverage(ctx.map)
    if coverage.ratio is None or coverage.ratio >= COVERAGE_THRESHOLD:
        return
    assumption = coverage.assumption_share or 0.0
    yield Hit(
        (),
        ngettext(
            "evidence coverage {ratio} ({backed} of {count} claim backed; {assumption} "
            "assumption) is below {threshold}",
            "evidence coverage {ratio} ({backed} of {count} claims backed; {assumption} "
            "assumption) is below {threshold}",
            coverage.total,
            ratio=format_percent(coverage.ratio),
            backed=coverage.backed,
            assumption=format_percent(assumption),
            threshold=format_percent(COVERAGE_THRESHOLD),
        ),
        hint=_(
            "add `evidence:` (interview, survey, analytics, support, observation) to personas, "
            "stages and barriers; `journeymap lint --json` lists the claims not backed"
        ),
    )


@rule(
    "JM502",
    "review-overdue",
    "warning",
    N_("the map was not reviewed for more than {days} days"),
    days=lambda: REVIEW_MAX_DAYS,
)
def review_overdue(ctx: LintContext) -> Iterator[Hit]:
    reviewed = ctx.map.reviewed
    if reviewed is None:
        return  # JM503
    age = (ctx.today - reviewed).days
    if age > REVIEW_MAX_DAYS:
        yield Hit(
            ("reviewed",),
            ngettext(
                "the map was last reviewed {count} day ago ({date}), more than {limit}",
                "the map was last reviewed {count} days ago ({date}), more than {limit}",
                age,
                date=format_date(reviewed),
                limit=REVIEW_MAX_DAYS,
            ),
            hint=_("check the map against current data and interviews, then update `reviewed:`"),
        )


@rule("JM503", "no-review-date", "warning", N_("the map has no review date"))
def no_review_date(ctx: LintContext) -> Iterator[Hit]:
    if ctx.map.reviewed is None:
        yield Hit(
            ("reviewed",),
            hint=_(
                "add `reviewed: {today}` after checking the map against reality; a living map "
                "is reviewed at least every {days} days",
                today=ctx.today.isoformat(),
                days=REVIEW_MAX_DAYS,
            ),
        )


@rule("JM504", "review-date-in-future", "info", N_("the review date is in the future"))
def review_date_in_future(ctx: LintContext) -> Iterator[Hit]:
    reviewed = ctx.map.reviewed
    if reviewed is not None and reviewed > ctx.today:
        yield Hit(
            ("reviewed",),
            _("the review date {date} is in the future", date=format_date(reviewed)),
            hint=_("write the date the map was actually last checked"),
        )


@rule(
    "JM505",
    "suggested-barrier-unconfirmed",
    "info",
    N_("a barrier suggested by analytics or feedback is not confirmed yet"),
)
def suggested_barrier_unconfirmed(ctx: LintContext) -> Iterator[Hit]:
    for i, stage in enumerate(ctx.map.stages):
        for j, barrier in enumerate(stage.barriers):
            if barrier.suggested:
                yield Hit(
                    ("stages", i, "barriers", j, "suggested"),
                    _("barrier '{id}' was suggested and is not confirmed", id=barrier.id),
                    hint=_(
                        "check it with the team and customers, then remove `suggested: true` "
                        "or the barrier"
                    ),
                )


EVIDENCE_RULES = (
    low_evidence_coverage,
    review_overdue,
    no_review_date,
    review_date_in_future,
    suggested_barrier_unconfirmed,
)
