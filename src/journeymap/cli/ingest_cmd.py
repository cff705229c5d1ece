"""`journeymap ingest`: load event files into the store."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.help_language import help_text
from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    console,
    err_console,
    error_line,
    fail,
    print_json,
)
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.cli.tables import print_table
from journeymap.events.formats import FORMATS
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.events.enrich import EnrichResult
    from journeymap.events.results import ImportResult

TOP_REASONS = 5


def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...", help=N_("Files (or Segment warehouse export folders) to load.")
        ),
    ] = None,
    *,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=help_text(N_("Force a format: {formats}."), formats=", ".join(FORMATS)),
        ),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", help=N_("Column with the user id."))
    ] = None,
    anonymous: Annotated[
        str | None, typer.Option("--anonymous", help=N_("Column with the anonymous id."))
    ] = None,
    event: Annotated[
        str | None, typer.Option("--event", help=N_("Column with the event name."))
    ] = None,
    event_name: Annotated[
        list[str] | None,
        typer.Option(
            "--event-name",
            help=N_(
                "One event name for every row (files of one kind of event); once per PATH "
                "to name each file's events."
            ),
        ),
    ] = None,
    time: Annotated[
        str | None, typer.Option("--time", help=N_("Column with the timestamp."))
    ] = None,
    id: Annotated[
        str | None, typer.Option("--id", help=N_("Column with a unique event id (dedupe key)."))
    ] = None,
    channel: Annotated[
        str | None, typer.Option("--channel", help=N_("Column with the channel."))
    ] = None,
    property: Annotated[
        list[str] | None,
        typer.Option(
            "--property", help=N_("Keep only these columns as properties (repeat the option).")
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone",
            help=N_(
                "Zone of timestamps without an offset (IANA name); default UTC, or the "
                "preset's zone (Europe/Moscow for Metrica, AppMetrica, amoCRM, Bitrix24)."
            ),
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help=N_("Source name stored with the events."))
    ] = None,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help=N_(
                "Column mapping of a vendor export: a built-in preset (amocrm-deals, "
                "bitrix24-deals, metrica-visits, ...), a name from the workspace's presets/, or a "
                ".toml file."
            ),
        ),
    ] = None,
    user_param: Annotated[
        str | None,
        typer.Option(
            "--user-param",
            help=N_(
                "Key of the Yandex Metrica visit parameters holding the user id (default UserID)."
            ),
        ),
    ] = None,
    future_days: Annotated[
        float,
        typer.Option(
            "--future-days", help=N_("Quarantine events later than now plus this many days.")
        ),
    ] = 1.0,
    enrich_file: Annotated[
        str | None,
        typer.Option("--enrich", help=N_("Side table (CSV/Parquet) merged into stored events.")),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option("--key", help=N_("Column of the --enrich table with the event id.")),
    ] = None,
    memory_limit: Annotated[
        str,
        typer.Option(
            "--memory-limit",
            help=N_("DuckDB memory during an import (e.g. 2GB); beyond it DuckDB spills to disk."),
        ),
    ] = "2GB",
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the results as JSON."))] = False,
) -> None:
    from journeymap.cli.ingest_progress import file_bars
    from journeymap.events.enrich import enrich
    from journeymap.events.errors import IngestError
    from journeymap.events.ingest import ingest as ingest_files
    from journeymap.events.options import ColumnMapping, IngestOptions

    if not paths and not enrich_file:
        fail(_("nothing to ingest: pass PATH... and/or --enrich FILE --key COL"), code=EXIT_USAGE)
    if enrich_file and not key:
        fail(_("--enrich needs --key COL (the column holding the event id)"), code=EXIT_USAGE)
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
                _(
                    "enriched {count} event(s) from {file} ({rows} rows, columns: {columns})",
                    count=format_number(enriched.matched),
                    file=escape(enriched.file),
                    rows=format_number(enriched.rows),
                    columns=escape(", ".join(enriched.columns)),
                )
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
            _("{names} --event-name options for {files} file(s)", names=len(given), files=files),
            hint=_("give one name for every file, or one name per PATH in the same order"),
            code=EXIT_USAGE,
        )
    return list(given)


_COLUMNS = (
    N_("file"),
    N_("format"),
    N_("read"),
    N_("stored"),
    N_("duplicates"),
    N_("quarantined"),
    N_("rows/s"),
)


def _print_results(results: list[ImportResult]) -> None:
    if not results:
        return
    table = Table(*(_(column) for column in _COLUMNS))
    for r in results:
        if r.ok:
            table.add_row(
                escape(r.file),
                r.format or "",
                format_number(r.rows_read),
                format_number(r.rows_stored),
                format_number(r.rows_duplicate),
                f"[yellow]{format_number(r.rows_quarantined)}[/yellow]"
                if r.rows_quarantined
                else "0",
                format_number(r.rows_per_second, decimals=0),
            )
        else:
            failed = escape(_("failed"))
            table.add_row(escape(r.file), r.format or "?", f"[red]{failed}[/red]", "", "", "", "")
    print_table(table)
    for r in results:
        if r.error:
            err_console.print(error_line(r.error))
        for note in [r.note, *r.warnings] if r.note else r.warnings:
            label = escape(_("note:"))
            err_console.print(f"[yellow]{label}[/yellow] {escape(r.file)}: {escape(note)}")
        if r.reasons:
            err_console.print(
                _(
                    "[yellow]quarantined {count} row(s) of {file}[/yellow] "
                    "(see `journeymap stats`); top reasons:",
                    count=format_number(r.rows_quarantined),
                    file=escape(r.file),
                )
            )
            for reason, count in list(r.reasons.items())[:TOP_REASONS]:
                err_console.print(f"  {format_number(count):>8}  {escape(reason)}")
    stored = sum(r.rows_stored for r in results)
    quarantined = sum(r.rows_quarantined for r in results)
    console.print(
        _(
            "stored {stored} new event(s), {quarantined} quarantined, "
            "{duplicates} duplicate(s) skipped",
            stored=format_number(stored),
            quarantined=format_number(quarantined),
            duplicates=format_number(sum(r.rows_duplicate for r in results)),
        )
    )


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Load events from JSON/JSONL (Segment, RudderStack), CSV/TSV, Parquet, XES, GA "
            "exports, Yandex Metrica, AppMetrica, amoCRM and Bitrix24 exports (or any CRM with "
            "--preset)."
        )
    )(ingest)
