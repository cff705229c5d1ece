"""`journeymap report MAP`: the living-map report (HTML, JSON) with a KPI snapshot per run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from journeymap.cli.output import (
    EXIT_USAGE,
    console,
    err_console,
    error_line,
    fail,
    print_json,
    report_map_error,
)
from journeymap.cli.store_access import STORE_HELP, open_store
from journeymap.i18n import N_, configured_language, format_number
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.model import MapDocument
    from journeymap.model.workspace import Workspace
    from journeymap.orchestrate.chain import Chain
    from journeymap.personalize.catalog import Catalog
    from journeymap.report.data import ReportData

FORMATS = ("html", "json", "xlsx")


def report_command(
    map: Annotated[str, typer.Argument(metavar="MAP", help=N_("The map file (.yaml)."))],
    *,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=N_("File to write (default: <map>.report.html or .xlsx).")
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("html, json or xlsx."))] = "html",
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print the numbers as JSON."))] = False,
    segment: Annotated[
        str | None, typer.Option("--segment", help=N_("Only persons of a segment: KEY=VALUE."))
    ] = None,
    segments_by: Annotated[
        list[str] | None,
        typer.Option(
            "--segments-by",
            help=N_(
                "Segmentation for the segment switcher (trait:KEY, property:KEY, channel, "
                "column:NAME; repeatable; 'none' for no switcher). Default: the map's simulation "
                "traits the data carries."
            ),
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help=N_("First day of data (YYYY-MM-DD)."))
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help=N_("Last day of data (YYYY-MM-DD)."))
    ] = None,
    store: Annotated[str | None, typer.Option("--store", help=STORE_HELP)] = None,
    repeat_by: Annotated[
        str,
        typer.Option(
            "--repeat-by",
            help=N_(
                "What one purchase is for repeat purchase and KPI repeat_rate: orders (each "
                "purchase event) or days (a person's purchases on one UTC day count once)."
            ),
        ),
    ] = "orders",
    update: Annotated[
        bool,
        typer.Option("--update-map", help=N_("Write measured KPIs and suggested barriers.")),
    ] = False,
    allow_simulated: Annotated[
        bool,
        typer.Option(
            "--allow-simulated",
            help=N_(
                "With --update-map: write numbers measured on simulated events, marked "
                "simulated: true."
            ),
        ),
    ] = False,
    reviewed: Annotated[
        bool,
        typer.Option(
            "--reviewed",
            help=N_(
                "With --update-map: a person reviewed the map; set reviewed to today (asked "
                "at a terminal when not given)."
            ),
        ),
    ] = False,
    timings: Annotated[
        bool,
        typer.Option(
            "--timings",
            help=N_(
                "Print where the time went: building queries, compiling them to SQL, the "
                "engine running them, and rendering (on stderr)."
            ),
        ),
    ] = False,
) -> None:
    from journeymap.analytics.repeat_counts import check_repeat_by
    from journeymap.cli.cost_settings import cost_settings
    from journeymap.model import MapError, load_document
    from journeymap.model.workspace import find_workspace
    from journeymap.report.build import build_report
    from journeymap.report.scope import SegmentFilter
    from journeymap.report.snapshots import (
        design_digest,
        load_trends,
        save_snapshot,
        snapshot_folder,
    )
    from journeymap.report.timings import ReportClock

    if fmt not in FORMATS:
        fail(
            _("unknown format {name!r}", name=fmt),
            hint=_("formats: {names}", names=", ".join(FORMATS)),
            code=EXIT_USAGE,
        )
    try:
        document = load_document(map)
        chosen = SegmentFilter.parse(segment) if segment else None
        switcher = _segmentations(segments_by)
        first, last = _day(start, "--from"), _day(end, "--to")
        counted_by = check_repeat_by(repeat_by)
    except MapError as error:
        report_map_error(error)
    except ValueError as error:
        fail(str(error), code=EXIT_USAGE)
    workspace = find_workspace(Path(map))
    catalog = _catalog(workspace)
    opened = open_store(store or (workspace.store_url if workspace else None))
    clock = ReportClock()
    with opened, clock.analysing(opened.backend):
        try:
            data = build_report(
                opened,
                document.model,
                segment=chosen,
                segments_by=switcher,
                start=first,
                end=last,
                repeat_by=counted_by,
                catalog=catalog,
                costs=cost_settings(opened, workspace),
                chains=_chains(workspace),
                workspace=workspace.root if workspace else None,
            )
        except ValueError as error:
            fail(str(error), code=EXIT_USAGE)
    root = workspace.root if workspace else Path(map).resolve().parent
    folder = snapshot_folder(root, document.model.id)
    save_snapshot(
        folder,
        document.model.id,
        data.generated_at,
        data.kpis,
        data.segment,
        stages=data.stages,
        design=design_digest(data.journey),
    )
    data.kpi_trends = load_trends(folder, data.segment)
    if update:
        _update_map(document, data, map, allow_simulated=allow_simulated, reviewed=reviewed)
    # Labels: --lang, else the workspace's `language`, else the map's own.
    language = configured_language() or (workspace.config.language if workspace else None)
    with clock.rendering_phase():
        _render(data, map, fmt=fmt, as_json=as_json, output=output, language=language)
    if timings:
        err_console.print(clock.timings().describe())


def _render(
    data: ReportData,
    map: str,
    *,
    fmt: str,
    as_json: bool,
    output: Path | None,
    language: str | None,
) -> None:
    from journeymap.report.html import render_report_html

    if as_json or fmt == "json":
        import json  # here: the help needs no JSON (start-up)

        text = json.dumps(data.as_dict(), ensure_ascii=False, indent=2, default=str)
        if output is None:
            print_json(data.as_dict())
            return
        _write(output, text + "\n")
        return
    if fmt == "xlsx":
        _write_xlsx(output or Path(Path(map).stem + ".report.xlsx"), data, language)
        return
    target = output or Path(Path(map).stem + ".report.html")
    _write(target, render_report_html(data, language=language))


def _update_map(
    document: MapDocument, data: ReportData, map: str, *, allow_simulated: bool, reviewed: bool
) -> None:
    import sys

    from journeymap.i18n import ngettext
    from journeymap.report.update_map import SimulatedDataError, update_map

    if not reviewed and sys.stdin.isatty():
        reviewed = typer.confirm(_("Did a person review the map today (sets reviewed)?"))
    try:
        written = update_map(document, data, allow_simulated=allow_simulated, reviewed=reviewed)
    except SimulatedDataError:
        fail(
            _("the events are simulated: their numbers are not measurements; the map is unchanged"),
            hint=_("pass --allow-simulated to write them marked simulated: true"),
        )
    message = ngettext(
        "updated {map}: {count} measured KPI",
        "updated {map}: {count} measured KPIs",
        written,
        map=map,
    )
    if data.simulated:
        message = _("{message} (simulated)", message=message)
    if reviewed:
        message = _("{message}, reviewed today", message=message)
    console.print(message)


def _segmentations(specs: list[str] | None) -> list[str] | None:
    """The `--segments-by` values, checked before any data is read; `none` switches off."""
    if not specs:
        return None
    if [spec.strip().lower() for spec in specs] == ["none"]:
        return []
    from journeymap.report.segments_section import checked_specs

    return checked_specs(specs)


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("{option} {text!r} is not a date; write YYYY-MM-DD", option=option, text=text)
        ) from None


def _write(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(_("cannot write {path}: {error}", path=target, error=error.strerror or error))
    console.print(_("wrote {path} ({size} characters)", path=target, size=format_number(len(text))))


def _write_xlsx(target: Path, data: ReportData, language: str | None) -> None:
    from journeymap.report.xlsx import write_report_xlsx

    try:
        write_report_xlsx(data, target, language=language)
    except OSError as error:
        fail(_("cannot write {path}: {error}", path=target, error=error.strerror or error))
    size = format_number(target.stat().st_size)
    console.print(_("wrote {path} ({format}, {size} bytes)", path=target, format="xlsx", size=size))


def _catalog(workspace: Workspace | None) -> Catalog | None:
    """The workspace's content catalog for the personalization section; one with mistakes is
    reported and left out (the rest of the report does not need it)."""
    from journeymap.model import MapError
    from journeymap.personalize.catalog import load_catalog

    if workspace is None:
        return None
    try:
        catalog = load_catalog(workspace)
    except MapError as error:
        for problem in error.problems:
            err_console.print(error_line(str(problem)), markup=True)
        err_console.print(_("the personalization section is left out until the catalog is fixed"))
        return None
    return catalog if catalog.files else None


def _chains(workspace: Workspace | None) -> list[Chain]:
    """The workspace's automation chains for the interventions section; a folder with mistakes
    is reported and its chains left out (`automations validate` shows every problem)."""
    from journeymap.i18n import gettext as _
    from journeymap.model import MapError
    from journeymap.report.interventions_section import workspace_chains

    if workspace is None:
        return []
    try:
        return workspace_chains(workspace.root, workspace.map_paths())
    except MapError:
        err_console.print(
            _(
                "the interventions section lacks the chains: {command} shows why",
                command="journeymap automations validate",
            )
        )
        return []


def register(app: typer.Typer) -> None:
    app.command(
        "report",
        help=N_("Measure a map against the store's events and write the living-map report."),
    )(report_command)
