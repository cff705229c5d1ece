"""`journeymap automations validate|run|status|dry-run`: the chains in `automations/`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from journeymap.cli.output import (
    EXIT_USAGE,
    JsonOption,
    console,
    fail,
    print_json,
    report_map_error,
)
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.i18n import N_, format_number
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap
    from journeymap.orchestrate.clock import Clock
    from journeymap.orchestrate.load import Automations
    from journeymap.orchestrate.runner import Runner
    from journeymap.store import Store

automations_app = typer.Typer(help=N_("Triggered chains: cart reminders, follow-ups, holdouts."))

FolderOption = Annotated[
    Path | None,
    typer.Option(
        "--folder",
        help=N_("The chains' folder; default: automations/ of the workspace (or of this folder)."),
    ),
]


def _folder(folder: Path | None) -> tuple[Path, list[Path]]:
    from journeymap.model.workspace import find_workspace

    workspace = find_workspace()
    maps = workspace.map_paths() if workspace is not None else []
    if folder is None:
        folder = (workspace.root if workspace is not None else Path.cwd()) / "automations"
    if not folder.is_dir():
        fail(
            _("no automations folder at {path}", path=folder),
            hint=_("pass --folder or create automations/ next to maps/"),
            code=EXIT_USAGE,
        )
    return folder, maps


def _load(folder: Path | None) -> tuple[Automations, Path, dict[str, JourneyMap]]:
    from journeymap.model.problems import MapError
    from journeymap.orchestrate.load import (
        load_automations,
        solution_chain_problems,
        workspace_maps,
    )

    where, map_paths = _folder(folder)
    maps = workspace_maps(map_paths)
    try:
        automations = load_automations(where, maps)
    except MapError as error:
        report_map_error(error)
    dangling = solution_chain_problems(map_paths, (chain.id for chain in automations.chains))
    if dangling:
        report_map_error(MapError(dangling))
    return automations, where, maps


@automations_app.command(
    "validate",
    help=N_(
        "Check every chain and the settings: shape, steps, messages, channels, templates, stages."
    ),
)
def validate(folder: FolderOption = None, json_output: JsonOption = False) -> None:
    automations, where, _maps = _load(folder)
    if json_output:
        print_json({"folder": str(where), "chains": [c.id for c in automations.chains]})
        return
    console.print(
        _("{count} chains valid in {folder}", count=len(automations.chains), folder=where)
    )


def _runner(
    store_url: str | None,
    folder: Path | None,
    *,
    dry_run: bool,
    clock: Clock | None = None,
    opened: Store | None = None,
    state: Store | None = None,
) -> Runner:
    """The runner of the workspace's chains on the store at `store_url` (or `opened`); `state`
    keeps a Spark store's runner state elsewhere than its side file (a dry run's copy)."""
    from journeymap.orchestrate.recommend import workspace_recommend
    from journeymap.orchestrate.run import open_channels
    from journeymap.orchestrate.runner import Runner
    from journeymap.service.settings import STATE_FILE

    automations, where, maps = _load(folder)
    store = opened or open_store(store_url)
    events = None
    if store.engine != "duckdb":  # a Spark store: events from it, state in a DuckDB side file
        events, store = store, state or state_store(store, where.parent)
    channels = open_channels(automations.settings, where.parent, dry_run=dry_run)
    # templates list the per-stage strategies' picks when `recommend --prepare` has run
    recommend = workspace_recommend(where.parent / STATE_FILE)
    return Runner(
        store, automations, channels, maps=maps, clock=clock, recommend=recommend, events=events
    )


def _dry_runner(store_url: str | None, folder: Path | None, copy: Path, clock: Clock) -> Runner:
    """A runner on a copy (at `copy`) of what a run writes to: the DuckDB store, or a Spark
    store's side file (the events then read from Spark, which the runner never writes)."""
    from journeymap.orchestrate.ibis_source import SIDE_STATE
    from journeymap.store import Store as Opened

    source = open_store(store_url)
    if source.engine == "duckdb":
        _copy_duckdb(source, copy)
        return _runner(f"duckdb://{copy}", folder, dry_run=True, clock=clock)
    side = _folder(folder)[0].parent / ".journeymap" / SIDE_STATE
    if side.is_file():  # else no run yet: the dry run starts from an empty state
        _copy_duckdb(Opened.open(f"duckdb://{side}"), copy)
    state = Opened.open(f"duckdb://{copy}")
    return _runner(None, folder, dry_run=True, clock=clock, opened=source, state=state)


def _copy_duckdb(store: Store, copy: Path) -> None:
    """Write `store`'s DuckDB file (checkpointed) to `copy`, and close it."""
    import shutil

    with store:
        path = store.duckdb.execute(
            "SELECT path FROM duckdb_databases() WHERE NOT internal"
        ).fetchone()
        store.duckdb.execute("CHECKPOINT")
    if path and path[0]:
        shutil.copyfile(path[0], copy)


def state_store(store: Store, root: Path) -> Store:
    """Where the runner's state of `store` lives: the store itself (DuckDB), else a DuckDB side
    file in the workspace's `.journeymap/` (`orchestrate.ibis_source.side_state_url`)."""
    if store.engine == "duckdb":
        return store
    from journeymap.orchestrate.ibis_source import side_state_url
    from journeymap.store import Store as Opened

    return Opened.open(side_state_url(root))


def close_runner(runner: Runner) -> None:
    runner.store.close()
    if runner.events_store is not runner.store:
        runner.events_store.close()


def _print_report(counts: dict[str, int], json_output: bool) -> None:
    if json_output:
        print_json(counts)
        return
    if not counts:
        console.print(_("nothing to do"))
        return
    table = Table(_("what"), _("count"))
    for name, count in sorted(counts.items()):
        table.add_row(name, format_number(count))
    console.print(table)


@automations_app.command(
    "run",
    help=N_("Run the chains: new events of the store start and move persons; timers ring on time."),
)
def run(
    folder: FolderOption = None,
    store: StoreOption = None,
    once: Annotated[
        bool,
        typer.Option("--once", help=N_("Feed new events and ring due timers once, then exit.")),
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", help=N_("Seconds between passes (default 1)."))
    ] = 1.0,
    json_output: JsonOption = False,
) -> None:
    import threading

    from journeymap.orchestrate.run import run_loop
    from journeymap.orchestrate.runner import RunReport

    runner = _runner(store, folder, dry_run=False)
    report = RunReport()
    try:
        if once:
            report.add(runner.feed_new()).add(runner.tick())
        else:
            report = run_loop(runner, threading.Event(), interval=interval)
    except KeyboardInterrupt:
        pass
    finally:
        close_runner(runner)
    _print_report(dict(report.counts), json_output)


@automations_app.command(
    "dry-run",
    help=N_(
        "Run the chains on a copy of the store, the clock moved ahead from "
        "timer to timer; messages go to outbox.dry-run.jsonl, nothing is sent "
        "and the store is not changed."
    ),
)
def dry_run(
    folder: FolderOption = None,
    store: StoreOption = None,
    ahead: Annotated[
        str,
        typer.Option(
            "--ahead", help=N_("How far to run the clock ahead: 3d, 12h, 0s (default 7d).")
        ),
    ] = "7d",
    json_output: JsonOption = False,
) -> None:
    import tempfile
    from datetime import UTC, datetime

    from journeymap.model.problems import HintedValueError
    from journeymap.orchestrate.clock import FakeClock
    from journeymap.orchestrate.durations import parse_duration
    from journeymap.orchestrate.run import DRY_RUN_OUTBOX, fast_forward

    try:
        span = parse_duration(ahead)
    except HintedValueError as error:
        fail(str(error), hint=error.hint, code=EXIT_USAGE)

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "store.duckdb"
        clock = FakeClock(datetime.now(UTC))
        runner = _dry_runner(store, folder, copy, clock)
        try:
            report = runner.feed_new().add(runner.tick())
            report.add(fast_forward(runner, clock, clock.now() + span))
        finally:
            close_runner(runner)
    _print_report(dict(report.counts), json_output)
    if not json_output:
        console.print(_("messages written to {file}", file=DRY_RUN_OUTBOX))


@automations_app.command(
    "status",
    help=N_("Persons per chain, group and status; sends per status; conversions per group."),
)
def status(store: StoreOption = None, json_output: JsonOption = False) -> None:
    from journeymap.model.workspace import find_workspace
    from journeymap.orchestrate.state import StateStore

    opened = open_store(store)
    with opened:
        workspace = find_workspace(Path.cwd())
        kept = state_store(opened, workspace.root if workspace else Path.cwd())
        try:
            states = StateStore(kept)
            persons = states.counts()
            sends = states.send_counts()
            goals = states.converted()
        finally:
            if kept is not opened:
                kept.close()
    if json_output:
        print_json(
            {
                "persons": [
                    dict(zip(("chain", "group", "status", "persons"), r, strict=True))
                    for r in persons
                ],
                "sends": [dict(zip(("chain", "status", "sends"), r, strict=True)) for r in sends],
                "conversions": [
                    dict(zip(("chain", "group", "persons", "converted"), r, strict=True))
                    for r in goals
                ],
            }
        )
        return
    table = Table(_("chain"), _("group"), _("persons"), _("converted"))
    for chain, group, count, converted in goals:
        table.add_row(chain, group, format_number(count), format_number(converted))
    console.print(table)
    table = Table(_("chain"), _("status"), _("sends"))
    for chain, state, count in sends:
        table.add_row(chain, state, format_number(count))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(automations_app, name="automations")
