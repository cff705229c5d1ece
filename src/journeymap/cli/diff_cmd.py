"""`journeymap diff OLD NEW`: what changed between two versions of a map or two KPI snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from journeymap.cli.output import EXIT_USAGE, console, fail, print_json, report_map_error
from journeymap.i18n import N_, ngettext
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.model import JourneyMap

_COLOURS = {"+": "green", "-": "red", "~": "yellow"}


def diff_command(
    old: Annotated[
        str | None,
        typer.Argument(
            metavar="OLD", help=N_("Old version: a map file, git:REV:PATH or a snapshot .json.")
        ),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="NEW", help=N_("New version: a map file, git:REV:PATH or a snapshot .json.")
        ),
    ] = None,
    snapshots: Annotated[
        str | None,
        typer.Option(
            "--snapshots",
            metavar="MAP",
            help=N_(
                "Compare the last two KPI snapshots of this map's workspace (instead of OLD NEW)."
            ),
        ),
    ] = None,
    segment: Annotated[
        str | None,
        typer.Option(
            "--segment", help=N_("With --snapshots: snapshots of this segment (KEY=VALUE).")
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help=N_("Print the changes as JSON for scripts."))
    ] = False,
) -> None:
    from journeymap.model import MapError
    from journeymap.report.diff_maps import diff_maps
    from journeymap.report.diff_snapshots import is_snapshot_file
    from journeymap.report.diff_text import diff_lines
    from journeymap.report.map_versions import load_map_version

    if snapshots is not None:
        if old is not None or new is not None:
            fail(_("give either OLD NEW or --snapshots MAP, not both"), code=EXIT_USAGE)
        _diff_latest_snapshots(snapshots, segment, as_json)
        return
    if old is None or new is None:
        fail(_("give OLD and NEW, or --snapshots MAP"), code=EXIT_USAGE)
    if segment is not None:
        fail(_("--segment goes with --snapshots"), code=EXIT_USAGE)
    if is_snapshot_file(old) or is_snapshot_file(new):
        _diff_snapshot_files(old, new, None, as_json)
        return
    try:
        before = load_map_version(old)
        after = load_map_version(new)
    except MapError as error:
        report_map_error(error)
    diff = diff_maps(before, after, old_label=old, new_label=new)
    if as_json:
        print_json(diff.as_dict())
        return
    from journeymap.i18n import default_language

    with default_language(after.language):  # --lang and the workspace still win
        lines = diff_lines(diff)
    for line in lines:
        colour = _COLOURS.get(line[:1])
        text = escape(line)
        console.print(f"[{colour}]{text}[/{colour}]" if colour else text, markup=True)


def _diff_latest_snapshots(map_file: str, segment: str | None, as_json: bool) -> None:
    from journeymap.model import MapError, load_map
    from journeymap.model.workspace import find_workspace
    from journeymap.report.diff_snapshots import latest_snapshots
    from journeymap.report.scope import SegmentFilter
    from journeymap.report.snapshots import snapshot_folder

    try:
        journey = load_map(map_file)
    except MapError as error:
        report_map_error(error)
    workspace = find_workspace(Path(map_file))
    root = workspace.root if workspace else Path(map_file).resolve().parent
    folder = snapshot_folder(root, journey.id)
    try:
        chosen = SegmentFilter.parse(segment).describe() if segment else None
    except ValueError as error:
        fail(str(error), code=EXIT_USAGE)
    files = latest_snapshots(folder, chosen)
    if len(files) < 2:
        of_whom = _("segment {segment}", segment=chosen) if chosen else _("all persons")
        fail(
            ngettext(
                "{folder} holds {count} snapshot of {whom}; two are needed",
                "{folder} holds {count} snapshots of {whom}; two are needed",
                len(files),
                folder=folder,
                whom=of_whom,
            ),
            hint=_("each `journeymap report {map_file}` run writes one", map_file=map_file),
        )
    _diff_snapshot_files(str(files[0]), str(files[1]), journey, as_json)


def _diff_snapshot_files(old: str, new: str, journey: JourneyMap | None, as_json: bool) -> None:
    from journeymap.cli.snapshot_diff_view import print_snapshot_diff
    from journeymap.report.diff_snapshots import SnapshotError, diff_snapshots, read_snapshot

    try:
        diff = diff_snapshots(read_snapshot(old), read_snapshot(new), journey=journey)
    except SnapshotError as error:
        fail(
            str(error),
            hint=_("a snapshot is a .json file under .journeymap/snapshots/<map id>/"),
        )
    if as_json:
        print_json(diff.as_dict())
        return
    print_snapshot_diff(diff)


def register(app: typer.Typer) -> None:
    app.command(
        "diff",
        help=N_(
            "Compare two versions of a map (design and KPI changes) or two KPI snapshots (exit 0)."
        ),
    )(diff_command)
