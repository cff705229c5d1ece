"""`journeymap simulate`: synthetic customers walking a map, written as events."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from journeymap.cli.help_language import help_text
from journeymap.cli.output import EXIT_USAGE, console, fail, print_json, report_map_error
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _
from journeymap.simulate.event_formats import FORMATS


def simulate_command(
    map: Annotated[Path, typer.Argument(metavar="MAP", help=N_("The map file to walk."))],
    *,
    customers: Annotated[
        int | None,
        typer.Option(
            "--customers",
            "-n",
            min=0,
            help=N_("Number of synthetic customers (default: simulation.customers, else 1000)."),
        ),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help=N_("File to write (.jsonl or .parquet)."))
    ],
    seed: Annotated[
        int | None,
        typer.Option("--seed", min=0, help=N_("Random seed (default: simulation.seed, else 0).")),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=help_text(
                N_("{formats} (default: by the file extension)."), formats=" or ".join(FORMATS)
            ),
        ),
    ] = None,
    start: Annotated[
        dt.datetime | None,
        typer.Option(
            "--start",
            formats=["%Y-%m-%d"],
            help=N_("First day, YYYY-MM-DD (default: --days days before today)."),
        ),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option("--days", min=1, help=N_("Length of the period in days (default 90).")),
    ] = None,
    no_catalog: Annotated[
        bool,
        typer.Option(
            "--no-catalog",
            help=N_("Synthetic sku-NNN products even when the map's workspace has a catalog."),
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the summary as JSON."))] = False,
) -> None:
    from journeymap.model import MapError, load_document
    from journeymap.personalize.catalog_simulation import workspace_simulation_items
    from journeymap.simulate.check import SimulationError, as_map_error, check_settings
    from journeymap.simulate.kinds import source_name
    from journeymap.simulate.simulator import DEFAULT_CUSTOMERS, simulate, simulation_period
    from journeymap.simulate.writer import format_for, write_events

    try:
        chosen_format = format_for(output, fmt)
    except ValueError as error:
        fail(str(error), code=EXIT_USAGE)
    try:
        document = load_document(map)
    except MapError as error:
        report_map_error(error)
    problems = check_settings(document.model)
    if problems:
        report_map_error(as_map_error(problems, document.data, str(map)))
    journey = document.model
    settings = journey.simulation
    default_customers = settings.customers if settings and settings.customers else None
    count = customers if customers is not None else (default_customers or DEFAULT_CUSTOMERS)
    default_seed = settings.seed if settings and settings.seed is not None else 0
    chosen_seed = seed if seed is not None else default_seed
    period = simulation_period(journey, start.date() if start else None, days)
    try:
        items = [] if no_catalog else workspace_simulation_items(map)
    except MapError as error:  # a catalog with mistakes, reported like a map's
        report_map_error(error)
    began = time.perf_counter()
    try:
        status = _("simulating {count} customers", count=format_number(count))
        with console.status(status, spinner="dots"):
            table = simulate(
                journey,
                count,
                seed=chosen_seed,
                start=period.start,
                days=period.days,
                items=items,
            )
            write_events(table, output, chosen_format)
    except SimulationError as error:
        fail(str(error), hint=_("see docs/simulation.md for the simulation: block"))
    except OSError as error:
        fail(_("cannot write {path}: {error}", path=output, error=error.strerror or error))
    seconds = time.perf_counter() - began
    summary: dict[str, Any] = {
        "simulated": True,
        "map": journey.id,
        "file": str(output),
        "format": chosen_format,
        "customers": count,
        "events": table.num_rows,
        "seed": chosen_seed,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "source": source_name(journey),
        "catalog_items": len(items),
        "seconds": round(seconds, 3),
    }
    if as_json:
        print_json(summary)
        return
    console.print(
        _(
            "[yellow]simulated data[/yellow]: {events} events of {customers} synthetic customers "
            "walking [bold]{map}[/bold] -> {file} ({format}) in {seconds}s",
            events=format_number(table.num_rows),
            customers=format_number(count),
            map=escape(journey.id),
            file=escape(str(output)),
            format=chosen_format,
            seconds=format_number(seconds, decimals=1),
        )
    )
    console.print(
        _(
            "period {start} .. {end} (exclusive), seed {seed}; every event is marked "
            "context.simulated=true and source {source}",
            start=period.start,
            end=period.end,
            seed=chosen_seed,
            source=escape(source_name(journey)),
        )
    )
    if items:
        console.print(
            _(
                "product events name the {count} products of the workspace catalog, picked by "
                "each customer's simulated taste (category, region, level, ...)",
                count=format_number(len(items)),
            )
        )


def register(app: typer.Typer) -> None:
    app.command(
        "simulate",
        help=N_(
            "Walk synthetic customers through a map and write their events (labelled simulated)."
        ),
    )(simulate_command)
