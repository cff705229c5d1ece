"""`journeymap ingest`: load event files into the store."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.output import EXIT_FINDINGS, EXIT_USAGE, console, err_console, fail, print_json
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.cli.tables import print_table
from journeymap.events.formats import FORMATS

if TYPE_CHECKING:
    from journeymap.events.enrich import EnrichResult
    from journeymap.events.results import ImportResult

TOP_REASONS = 5


def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...", help="Files (or Segment warehouse export folders) to load."
        ),
    ] = None,
    *,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help=f"Force a format: {', '.join(FORMATS)}.")
    ] = None,
    person: Annotated[str | None, typer.Option("--person", help="Column with the user id.")] = None,
    anonymous: Annotated[
        str | None, typer.Option("--anonymous", help="Column with the anonymous id.")
    ] = None,
    event: Annotated[
        str | None, typer.Option("--event", help="Column with the event name.")
    ] = None,
    event_name: Annotated[
        list[str] | None,
        typer.Option(
            "--event-name",
            help="One event name for every row (files of one kind of event); once per PATH "
            "to name each file's events.",
        ),
    ] = None,
    time: Annotated[str | None, typer.Option("--time", help="Column with the timestamp.")] = None,
    id: Annotated[
        str | None, typer.Option("--id", help="Column with a unique event id (dedupe key).")
    ] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", help="Column with the channel.")
    ] = None,
    property: Annotated[
        list[str] | None,
        typer.Option(
            "--property", help="Keep only these columns as properties (repeat the option)."
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help="Zone of timestamps without an offset (IANA name); default UTC, or the "
            "preset's zone (Europe/Moscow for Metrica, AppMetrica, amoCRM, Bitrix24).",
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Source name stored with the events.")
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help="Column mapping of a vendor export: a built-in preset (amocrm-deals, "
            "bitrix24-deals, metrica-visits, ...), a name from the workspace's presets/, or a "
            ".toml file.",
        ),
    ] = None,
    user_param: Annotated[
        str | None,
        typer.Option(
            "--user-param",
            help="Key of the Yandex Metrica visit parameters holding the user id (default UserID).",
        ),
    ] = None,
    future_days: Annotated[
        float,
        typer.Option("--future-days", help="Quarantine events later than now plus this many days."),
    ] = 1.0,
    enrich_file: Annotated[
        str | None,
        typer.Option("--enrich", help="Side table (CSV/Parquet) merged into stored events."),
    ] = None,
    key: Annotated[
        str | None, typer.Option("--key", help="Column of the --enrich table with the event id.")
    ] = None,
    memory_limit: Annotated[
        str,
        typer.Option(
            "--memory-limit",
            help="DuckDB memory during an import (e.g. 2GB); beyond it DuckDB spills to disk.",
        ),
    ] = "2GB",
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Load events from JSON/JSONL (Segment, RudderStack), CSV/TSV, Parquet, XES, GA exports,
    Yandex Metrica, AppMetrica, amoCRM and Bitrix24 exports (or any CRM with --preset)."""
    from journeymap.cli.ingest_progress import file_bars
    from journeymap.events.enrich import enrich
    from journeymap.events.errors import IngestError
    from journeymap.events.ingest import ingest as ingest_files
    from journeymap.events.options import ColumnMapping, IngestOptions

    if not paths and not enrich_file:
        fail("nothing to ingest: pass PATH... and/or --enrich FILE --key COL", code=EXIT_USAGE)
    if enrich_file and not key:
        fail("--enrich needs --key COL (the column holding the event id)", code=EXIT_USAGE)
    names = _event_names(event_name or [], len(paths or []))
    try:
        options = [
            IngestOptions(
                format=format,
                mapping=ColumnMapping(
                    person=person,
                    anonymous=anonymous,
                    event=event,
                    time=time,
                    id=id,
                    channel=channel,
                    properties=tuple(property or ()),
                    event_name=name,
                ),
                timezone=timezone or "UTC",
                timezone_explicit=timezone is not None,
                source=source,
                preset=preset,
                user_param=user_param,
                future_tolerance=timedelta(days=future_days),
                memory_limit=memory_limit,
            )
            for name in names
        ]
    except IngestError as error:
        fail(str(error), code=EXIT_USAGE)
    results: list[ImportResult] = []
    enriched: EnrichResult | None = None
    with open_store(store) as opened:
        if paths:
            with file_bars(not as_json and err_console.is_terminal) as bars:
                results = ingest_files(
                    opened,
                    paths,
                    options if len(options) == len(paths) else options[0],
                    bars.for_file if bars is not None else None,
                )
        if enrich_file and key:
            try:
                enriched = enrich(opened, enrich_file, key)
            except IngestError as error:
                if as_json:
                    print_json({"imports": [r.as_dict() for r in results], "error": str(error)})
                    raise typer.Exit(EXIT_FINDINGS) from None
                _print_results(results)
                fail(str(error))
    if as_json:
        print_json(
            {
                "imports": [r.as_dict() for r in results],
                "enrich": enriched.as_dict() if enriched else None,
                "ok": all(r.ok for r in results),
            }
        )
    else:
        _print_results(results)
        if enriched:
            console.print(
                f"enriched {enriched.matched:,} event(s) from {escape(enriched.file)} "
                f"({enriched.rows:,} rows, columns: {escape(', '.join(enriched.columns))})"
            )
    if not all(r.ok for r in results):
        raise typer.Exit(EXIT_FINDINGS)


def _event_names(given: list[str], files: int) -> list[str | None]:
    """One `--event-name` for all files, one per file in order, or none."""
    if not given:
        return [None]
    if len(given) == 1:
        return [given[0]]
    if len(given) != files:
        fail(
            f"{len(given)} --event-name options for {files} file(s)",
            hint="give one name for every file, or one name per PATH in the same order",
            code=EXIT_USAGE,
        )
    return list(given)


def _print_results(results: list[ImportResult]) -> None:
    if not results:
        return
    table = Table("file", "format", "read", "stored", "duplicates", "quarantined", "rows/s")
    for r in results:
        if r.ok:
            table.add_row(
                escape(r.file),
                r.format or "",
                f"{r.rows_read:,}",
                f"{r.rows_stored:,}",
                f"{r.rows_duplicate:,}",
                f"[yellow]{r.rows_quarantined:,}[/yellow]" if r.rows_quarantined else "0",
                f"{r.rows_per_second:,.0f}",
            )
        else:
            table.add_row(escape(r.file), r.format or "?", "[red]failed[/red]", "", "", "", "")
    print_table(table)
    for r in results:
        if r.error:
            err_console.print(f"[red]error:[/red] {escape(r.error)}")
        if r.note:
            err_console.print(f"[yellow]note:[/yellow] {escape(r.file)}: {escape(r.note)}")
        for warning in r.warnings:
            err_console.print(f"[yellow]note:[/yellow] {escape(r.file)}: {escape(warning)}")
        if r.reasons:
            err_console.print(
                f"[yellow]quarantined {r.rows_quarantined:,} row(s) of {escape(r.file)}[/yellow]"
                " (see `journeymap stats`); top reasons:"
            )
            for reason, count in list(r.reasons.items())[:TOP_REASONS]:
                err_console.print(f"  {count:>8,}  {escape(reason)}")
    stored = sum(r.rows_stored for r in results)
    quarantined = sum(r.rows_quarantined for r in results)
    console.print(
        f"stored {stored:,} new event(s), {quarantined:,} quarantined, "
        f"{sum(r.rows_duplicate for r in results):,} duplicate(s) skipped"
    )


def register(app: typer.Typer) -> None:
    app.command()(ingest)
