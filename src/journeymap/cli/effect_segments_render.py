"""A chain's lift per segment as a table (`analyze kpis` for `effect(..., by=SPEC)` KPIs and
`automations effect --segment SPEC`): each segment's lift with its 95% interval, its p-value and
the p-value adjusted across the segments."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rich.markup import escape
from rich.table import Table

from journeymap.cli.number_text import significant
from journeymap.cli.output import console
from journeymap.i18n import format_number
from journeymap.i18n import gettext as _

CORRECTION_NAMES = {"holm": "Holm", "bh": "Benjamini-Hochberg"}


def print_segment_lifts(
    title: str,
    rows: Iterable[Mapping[str, Any]],
    shown: Callable[[float], str],
    correction: str = "holm",
) -> None:
    """`rows` carry `segment`, `lift`, `ci_low`, `ci_high`, `p_value`, `p_adjusted` and
    `persons`; `shown` writes a lift in its unit."""
    table = Table(
        _("segment"),
        _("persons"),
        _("lift (95% CI)"),
        _("p-value"),
        _("adjusted p ({method})", method=CORRECTION_NAMES.get(correction, correction)),
        title=title,
        title_justify="left",
    )
    for row in rows:
        lift = row["lift"]
        text = "-"
        if lift is not None:
            text = f"{shown(lift)} ({shown(row['ci_low'])} … {shown(row['ci_high'])})"
        table.add_row(
            escape(str(row["segment"])),
            format_number(row["persons"]),
            text,
            "-" if row["p_value"] is None else significant(row["p_value"]),
            "-" if row["p_adjusted"] is None else significant(row["p_adjusted"]),
        )
    console.print(table)
