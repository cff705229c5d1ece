"""The `--segment SPEC` and `--alpha` options shared by the `analyze` commands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from journeymap.cli.output import EXIT_FINDINGS, EXIT_USAGE, fail
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.analytics.segmentation import SegmentBy

SEGMENT_HELP = N_(
    "Segment persons by trait:KEY, property:KEY, channel (of first touch) or column:NAME; "
    "results side by side with tests."
)

SegmentOption = Annotated[str | None, typer.Option("--segment", help=SEGMENT_HELP)]
"""`--segment SPEC`: run the analysis per segment of persons."""

AlphaOption = Annotated[
    float, typer.Option("--alpha", help=N_("False discovery rate of the --segment tests."))
]
"""`--alpha`: the Benjamini-Hochberg level under which a test is `significant`."""


def parse_segment(spec: str | None) -> SegmentBy | None:
    """The segmentation of a `--segment` value (None without one); a usage error if unreadable."""
    from journeymap.analytics.segmentation import SegmentBy

    if spec is None:
        return None
    try:
        return SegmentBy.parse(spec)
    except ValueError as error:
        fail(str(error), code=EXIT_USAGE)


def segment_failure(error: ValueError) -> NoReturn:
    """Exit 1 on a segmentation the data cannot give: a key no event has (with the closest keys
    the events have) or too many segments. A spec that does not parse is a usage error (2), in
    `parse_segment`."""
    from journeymap.analytics.segment_split import UnknownSegmentKeyError

    if isinstance(error, UnknownSegmentKeyError):
        fail(
            str(error).split("; closest")[0],
            hint=_("closest: {names}", names=", ".join(error.suggestions))
            if error.suggestions
            else _("see `journeymap stats` for the events' columns, traits and properties"),
            code=EXIT_FINDINGS,
        )
    fail(str(error), code=EXIT_FINDINGS)
