"""`journeymap feedback scores|themes|ingest`: survey answers and feedback texts in the store."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.analytics.option_names import FEEDBACK_GROUP_COLUMNS as GROUP_COLUMNS
from journeymap.analytics.option_names import FEEDBACK_PERIOD_UNITS as PERIOD_UNITS
from journeymap.cli.help_language import help_text
from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    console,
    fail,
    print_json,
    report_map_error,
)
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.cli.tables import print_table
from journeymap.i18n import N_, format_number, format_percent, ngettext
from journeymap.i18n import gettext as _

GROUP_HEADERS = {
    "touchpoint": N_("touchpoint"),
    "stage": N_("stage"),
    "segment": N_("segment"),
    "language": N_("language"),
    "source": N_("source"),
    "period": N_("period"),
}
"""Column headers of the `--by` keys, translated when shown (the keys stay as typed)."""

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from journeymap.store import Store

feedback_app = typer.Typer(
    help=N_("Survey answers and feedback texts: scores, themes, ingestion."), no_args_is_help=True
)

MapOption = Annotated[
    str | None,
    typer.Option(
        "--map",
        help=N_("Map file: link answers to touchpoints/stages through its bindings."),
    ),
]


def _feedback(store: Store, map_path: str | None) -> ir.Table:
    from journeymap.analytics.feedback.from_events import feedback_from_events
    from journeymap.analytics.feedback.link import link_feedback
    from journeymap.model.loader import load_map
    from journeymap.model.problems import MapError

    events = store.events()
    feedback = feedback_from_events(events)
    if map_path is None:
        return feedback
    try:
        journey = load_map(map_path)
    except MapError as error:
        report_map_error(error)
    except OSError as error:
        fail(_("cannot read the map {path}: {error}", path=map_path, error=error))
    return link_feedback(feedback, events, journey)


@feedback_app.command(
    "scores", help=N_("NPS, CSAT, CES and rating scores with 95% intervals per group.")
)
def scores(
    *,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help=help_text(
                N_("Group by (repeatable): {columns}. Default touchpoint."),
                columns=", ".join(GROUP_COLUMNS),
            ),
        ),
    ] = None,
    period: Annotated[
        str,
        typer.Option(
            "--period",
            help=help_text(
                N_("Period length for --by period: {units}."), units=", ".join(PERIOD_UNITS)
            ),
        ),
    ] = "month",
    map_path: MapOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.feedback.scores import feedback_scores

    keys = by or ["touchpoint"]
    bad = [k for k in keys if k not in GROUP_COLUMNS]
    if bad or period not in PERIOD_UNITS:
        fail(
            _("unknown --by {values}", values=", ".join(bad))
            if bad
            else _("unknown --period {period}", period=period),
            hint=f"--by: {', '.join(GROUP_COLUMNS)}; --period: {', '.join(PERIOD_UNITS)}",
            code=EXIT_USAGE,
        )
    with open_store(store) as opened:
        summaries = feedback_scores(_feedback(opened, map_path), keys, period=period)
    if as_json:
        print_json({"by": keys, "scores": [s.to_dict() for s in summaries]})
        return
    if not summaries:
        console.print(_("no scored survey answers in the store (events named 'Survey Answered')"))
        return
    table = Table(
        *(_(GROUP_HEADERS.get(k, k)) for k in keys),
        _("kind"),
        _("answers"),
        _("score"),
        _("95% interval"),
        _("mean"),
    )
    for s in summaries:
        headline = s.headline
        value = (
            format_percent(headline.value)
            if headline is s.top_share
            else format_number(headline.value, decimals=1)
        )
        interval = (
            ""
            if math.isnan(headline.low)
            else _interval(headline.low, headline.high, headline is s.top_share)
        )
        table.add_row(
            *(escape(str(s.group[k])) if s.group[k] is not None else "—" for k in keys),
            _kind_label(s.kind),
            format_number(s.answers),
            value,
            interval,
            format_number(s.mean.value, decimals=2),
        )
    print_table(table)


@feedback_app.command(
    "themes",
    help=N_("What negative feedback is about, per touchpoint, with representative quotes."),
)
def themes(
    *,
    language: Annotated[
        str | None, typer.Option("--language", help=N_("Only texts in this language: ru or en."))
    ] = None,
    min_size: Annotated[
        int, typer.Option("--min-size", min=1, help=N_("Hide themes with fewer texts."))
    ] = 1,
    quotes: Annotated[int, typer.Option("--quotes", min=0, help=N_("Quotes per theme."))] = 3,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help=N_(
                "auto (the theme dictionary, or clusters when it places under half of a "
                "touchpoint's texts), dictionary or clusters."
            ),
        ),
    ] = "auto",
    clusters: Annotated[
        int | None,
        typer.Option(
            "--clusters", min=2, help=N_("Number of clustered themes (default: by text count).")
        ),
    ] = None,
    map_path: MapOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.feedback.text_groups import feedback_themes

    if language not in (None, "ru", "en"):
        fail(
            _("unknown --language {language}", language=language),
            hint=_("use ru or en"),
            code=EXIT_USAGE,
        )
    if method not in ("auto", "dictionary", "clusters"):
        fail(
            _("unknown --method {method}", method=method),
            hint=_("use auto, dictionary or clusters"),
            code=EXIT_USAGE,
        )
    with open_store(store) as opened:
        found = feedback_themes(
            _feedback(opened, map_path),
            language=language,
            min_size=min_size,
            quotes=quotes,
            method=method,
            clusters=clusters,
        )
    if as_json:
        print_json({"themes": [t.to_dict() for t in found]})
        return
    if not found:
        console.print(_("no negative feedback texts in the store"))
        return
    table = Table(_("touchpoint"), _("theme"), _("texts"), _("share"), _("sentiment"), _("quotes"))
    clustered = "\n[dim](" + escape(_("found in the texts")) + ")[/dim]"
    for theme in found:
        table.add_row(
            escape(theme.touchpoint or "—"),
            escape(theme.name) + (clustered if theme.method == "clusters" else ""),
            format_number(theme.size),
            format_percent(theme.share),
            ("-" if theme.sentiment < 0 else "+") + format_number(abs(theme.sentiment), decimals=2),
            escape("\n".join(f"“{q}”" for q in theme.quotes)),
        )
    print_table(table)


@feedback_app.command(
    "ingest", help=N_("Store survey answers from a file as `Survey Answered` events.")
)
def ingest(
    file: Annotated[
        str, typer.Argument(metavar="FILE", help=N_("CSV/TSV or JSONL feedback file."))
    ],
    *,
    person: Annotated[
        str | None, typer.Option("--person", help=N_("Column with the person id."))
    ] = None,
    timestamp: Annotated[
        str | None,
        typer.Option(
            "--timestamp",
            help=N_("Column with the answer time (ISO 8601, 07.11.2026 10:15, 11/07/2026, ...)."),
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help=N_("Column with the kind: nps, csat, ces, rating, text.")),
    ] = None,
    score: Annotated[str | None, typer.Option("--score", help=N_("Column with the score."))] = None,
    text: Annotated[
        str | None, typer.Option("--text", help=N_("Column with the free text."))
    ] = None,
    touchpoint: Annotated[
        str | None, typer.Option("--touchpoint", help=N_("Column with the touchpoint id."))
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help=N_("Column with the stage id."))
    ] = None,
    segment: Annotated[
        str | None, typer.Option("--segment", help=N_("Column with the segment or persona id."))
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help=N_("Column with the language (ru, en)."))
    ] = None,
    answer_id: Annotated[
        str | None, typer.Option("--id", help=N_("Column with a unique answer id (dedupe key)."))
    ] = None,
    default_kind: Annotated[
        str | None, typer.Option("--default-kind", help=N_("Kind for rows without one (e.g. nps)."))
    ] = None,
    default_touchpoint: Annotated[
        str | None,
        typer.Option("--default-touchpoint", help=N_("Touchpoint id for rows without one.")),
    ] = None,
    timezone: Annotated[
        str,
        typer.Option(
            "--timezone", help=N_("Zone of times written without one (e.g. Europe/Moscow).")
        ),
    ] = "UTC",
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.analytics.feedback.ingest import FeedbackFileError
    from journeymap.analytics.feedback.mapping import FeedbackMapping
    from journeymap.analytics.feedback.store_ingest import ingest_feedback

    defaults = {"kind": default_kind, "touchpoint": default_touchpoint}
    mapping = FeedbackMapping(
        person_id=person,
        timestamp=timestamp,
        kind=kind,
        score=score,
        text=text,
        touchpoint=touchpoint,
        stage=stage,
        segment=segment,
        language=language,
        feedback_id=answer_id,
        defaults={k: v for k, v in defaults.items() if v is not None},
    )
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # here: loads sysconfig (start-up)

    try:
        ZoneInfo(timezone)
    except (ValueError, ZoneInfoNotFoundError):
        fail(
            _("unknown time zone {zone}", zone=timezone),
            hint=_("use an IANA name such as Europe/Moscow or UTC"),
            code=EXIT_USAGE,
        )
    with open_store(store) as opened:
        try:
            outcome = ingest_feedback(opened, file, mapping, timezone=timezone)
        except FeedbackFileError as error:
            fail(str(error), hint=_("map columns with --person, --timestamp, --score, ..."))
    if as_json:
        print_json(outcome.to_dict())
    else:
        stored = outcome.result.rows_stored if outcome.result else 0
        read = ngettext(
            "{count} answer read",
            "{count} answers read",
            outcome.answers,
            count=format_number(outcome.answers),
        )
        console.print(
            _(
                "{file}: {read}, {stored} stored, {rejected} rejected",
                file=escape(file),
                read=read,
                stored=format_number(stored),
                rejected=format_number(len(outcome.rejected)),
            )
        )
        for note in outcome.notes:
            console.print(f"  [cyan]{escape(note)}[/cyan]")
        for reason, count in Counter(r.reason for r in outcome.rejected).most_common(5):
            console.print(f"  [yellow]{format_number(count)}[/yellow] × {escape(reason)}")
        if outcome.rejected:
            rows = ", ".join(str(r.row) for r in outcome.rejected[:10])
            more = " …" if len(outcome.rejected) > 10 else ""
            console.print("  " + _("rejected rows: {rows}", rows=rows + more))
    if outcome.result is not None and not outcome.result.ok:
        if not as_json:
            fail(outcome.result.error or _("the import failed"))
        raise typer.Exit(EXIT_FINDINGS)
    if outcome.answers == 0 and outcome.rejected:
        raise typer.Exit(EXIT_FINDINGS)


def _kind_label(kind: str) -> str:
    return {"nps": "NPS", "csat": "CSAT (4-5)", "ces": "CES", "rating": _("rating")}.get(kind, kind)


def _interval(low: float, high: float, share: bool) -> str:
    if share:
        return f"{format_percent(low)} … {format_percent(high)}"
    return f"{format_number(low, decimals=1)} … {format_number(high, decimals=1)}"


def register(app: typer.Typer) -> None:
    app.add_typer(feedback_app, name="feedback")
