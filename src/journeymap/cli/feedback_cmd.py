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

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from journeymap.store import Store

feedback_app = typer.Typer(
    help="Survey answers and feedback texts: scores, themes, ingestion.", no_args_is_help=True
)

MapOption = Annotated[
    str | None,
    typer.Option(
        "--map",
        help="Map file: link answers to touchpoints/stages through its bindings.",
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
        fail(f"cannot read the map {map_path}: {error}")
    return link_feedback(feedback, events, journey)


@feedback_app.command("scores")
def scores(
    *,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by", help=f"Group by (repeatable): {', '.join(GROUP_COLUMNS)}. Default touchpoint."
        ),
    ] = None,
    period: Annotated[
        str,
        typer.Option("--period", help=f"Period length for --by period: {', '.join(PERIOD_UNITS)}."),
    ] = "month",
    map_path: MapOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """NPS, CSAT, CES and rating scores with 95% intervals per group."""
    from journeymap.analytics.feedback.scores import feedback_scores

    keys = by or ["touchpoint"]
    bad = [k for k in keys if k not in GROUP_COLUMNS]
    if bad or period not in PERIOD_UNITS:
        fail(
            f"unknown --by {', '.join(bad)}" if bad else f"unknown --period {period}",
            hint=f"--by: {', '.join(GROUP_COLUMNS)}; --period: {', '.join(PERIOD_UNITS)}",
            code=EXIT_USAGE,
        )
    with open_store(store) as opened:
        summaries = feedback_scores(_feedback(opened, map_path), keys, period=period)
    if as_json:
        print_json({"by": keys, "scores": [s.to_dict() for s in summaries]})
        return
    if not summaries:
        console.print("no scored survey answers in the store (events named 'Survey Answered')")
        return
    table = Table(*keys, "kind", "answers", "score", "95% interval", "mean")
    for s in summaries:
        headline = s.headline
        value = f"{headline.value:.0%}" if headline is s.top_share else f"{headline.value:.1f}"
        interval = (
            ""
            if math.isnan(headline.low)
            else _interval(headline.low, headline.high, headline is s.top_share)
        )
        table.add_row(
            *(escape(str(s.group[k])) if s.group[k] is not None else "—" for k in keys),
            _kind_label(s.kind),
            f"{s.answers:,}",
            value,
            interval,
            f"{s.mean.value:.2f}",
        )
    print_table(table)


@feedback_app.command("themes")
def themes(
    *,
    language: Annotated[
        str | None, typer.Option("--language", help="Only texts in this language: ru or en.")
    ] = None,
    min_size: Annotated[
        int, typer.Option("--min-size", min=1, help="Hide themes with fewer texts.")
    ] = 1,
    quotes: Annotated[int, typer.Option("--quotes", min=0, help="Quotes per theme.")] = 3,
    map_path: MapOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """What negative feedback is about, per touchpoint, with representative quotes."""
    from journeymap.analytics.feedback.text_groups import feedback_themes

    if language not in (None, "ru", "en"):
        fail(f"unknown --language {language}", hint="use ru or en", code=EXIT_USAGE)
    with open_store(store) as opened:
        found = feedback_themes(
            _feedback(opened, map_path), language=language, min_size=min_size, quotes=quotes
        )
    if as_json:
        print_json({"themes": [t.to_dict() for t in found]})
        return
    if not found:
        console.print("no negative feedback texts in the store")
        return
    table = Table("touchpoint", "theme", "texts", "share", "sentiment", "quotes")
    for theme in found:
        table.add_row(
            escape(theme.touchpoint or "—"),
            escape(theme.name),
            f"{theme.size:,}",
            f"{theme.share:.0%}",
            f"{theme.sentiment:+.2f}",
            escape("\n".join(f"“{q}”" for q in theme.quotes)),
        )
    print_table(table)


@feedback_app.command("ingest")
def ingest(
    file: Annotated[str, typer.Argument(metavar="FILE", help="CSV/TSV or JSONL feedback file.")],
    *,
    person: Annotated[
        str | None, typer.Option("--person", help="Column with the person id.")
    ] = None,
    timestamp: Annotated[
        str | None, typer.Option("--timestamp", help="Column with the answer time (ISO 8601).")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Column with the kind: nps, csat, ces, rating, text."),
    ] = None,
    score: Annotated[str | None, typer.Option("--score", help="Column with the score.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Column with the free text.")] = None,
    touchpoint: Annotated[
        str | None, typer.Option("--touchpoint", help="Column with the touchpoint id.")
    ] = None,
    stage: Annotated[str | None, typer.Option("--stage", help="Column with the stage id.")] = None,
    segment: Annotated[
        str | None, typer.Option("--segment", help="Column with the segment or persona id.")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Column with the language (ru, en).")
    ] = None,
    answer_id: Annotated[
        str | None, typer.Option("--id", help="Column with a unique answer id (dedupe key).")
    ] = None,
    default_kind: Annotated[
        str | None, typer.Option("--default-kind", help="Kind for rows without one (e.g. nps).")
    ] = None,
    default_touchpoint: Annotated[
        str | None,
        typer.Option("--default-touchpoint", help="Touchpoint id for rows without one."),
    ] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Store survey answers from a file as `Survey Answered` events."""
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
    with open_store(store) as opened:
        try:
            outcome = ingest_feedback(opened, file, mapping)
        except FeedbackFileError as error:
            fail(str(error), hint="map columns with --person, --timestamp, --score, ...")
    if as_json:
        print_json(outcome.to_dict())
    else:
        stored = outcome.result.rows_stored if outcome.result else 0
        console.print(
            f"{escape(file)}: {outcome.answers:,} answer(s) read, {stored:,} stored, "
            f"{len(outcome.rejected):,} rejected"
        )
        for reason, count in Counter(r.reason for r in outcome.rejected).most_common(5):
            console.print(f"  [yellow]{count:,}[/yellow] × {escape(reason)}")
        if outcome.rejected:
            rows = ", ".join(str(r.row) for r in outcome.rejected[:10])
            console.print(f"  rejected rows: {rows}{' …' if len(outcome.rejected) > 10 else ''}")
    if outcome.result is not None and not outcome.result.ok:
        if not as_json:
            fail(outcome.result.error or "the import failed")
        raise typer.Exit(EXIT_FINDINGS)
    if outcome.answers == 0 and outcome.rejected:
        raise typer.Exit(EXIT_FINDINGS)


def _kind_label(kind: str) -> str:
    return {"nps": "NPS", "csat": "CSAT (4-5)", "ces": "CES", "rating": "rating"}.get(kind, kind)


def _interval(low: float, high: float, share: bool) -> str:
    return f"{low:.0%} … {high:.0%}" if share else f"{low:.1f} … {high:.1f}"


def register(app: typer.Typer) -> None:
    app.add_typer(feedback_app, name="feedback")
