"""`journeymap profiles [PERSON]`: compute or update the profiles, or show one person's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    err_console,
    fail,
    print_json,
    report_map_error,
)
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.i18n import N_
from journeymap.i18n import gettext as _

if TYPE_CHECKING:  # the model and personalization modules load on use (CLI start-up speed)
    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.personalize.catalog import Catalog
    from journeymap.personalize.profile_build import ProfileInputs
    from journeymap.store import Store

PersonArgument = Annotated[
    str | None,
    typer.Argument(help=N_("Show this person's profile (person id, user id or anonymous id).")),
]
MapOption = Annotated[
    str | None,
    typer.Option(
        "--map", help=N_("Map for the stage columns; default: the workspace's map in its language.")
    ),
]
UpdateOption = Annotated[
    bool,
    typer.Option(
        "--update",
        help=N_("Recompute only persons with events received since the last run for this map."),
    ),
]


def profiles(
    person: PersonArgument = None,
    map_path: MapOption = None,
    update: UpdateOption = False,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    from journeymap.cli.profile_view import print_profile
    from journeymap.personalize.profile_build import ProfileInputs
    from journeymap.personalize.profile_store import has_run, load_profile, update_profiles
    from journeymap.store import to_scalar

    workspace = _workspace()
    journey = _journey(map_path, workspace)
    catalog = _catalog(workspace)
    with open_store(store) as opened:
        if not to_scalar(opened.events().count()):
            fail(
                _("the store has no events, so there is nobody to profile"),
                hint=_("ingest events first: journeymap ingest FILE (or journeymap simulate)"),
                code=EXIT_FINDINGS,
            )
        inputs = ProfileInputs(
            journey=journey,
            persons=opened.table("persons"),
            categories=catalog.categories() if catalog else None,
        )
        if person is None:
            _summary(opened, inputs, catalog, update=update, as_json=as_json)
            return
        map_id = journey.id if journey is not None else None
        if update or not has_run(opened, map_id):
            with err_console.status(_("computing profiles"), spinner="dots"):
                update_profiles(opened, inputs, incremental=update)
        profile = load_profile(opened, person)
    if profile is None:
        fail(
            _("no person {person} in the store", person=repr(person)),
            hint=_(
                "pass a person id, user id or anonymous id as the events carry it "
                "(journeymap stats shows what the store holds)"
            ),
            code=EXIT_FINDINGS,
        )
    if as_json:
        print_json(profile)
        return
    print_profile(profile, journey, catalog)


def _summary(
    store: Store, inputs: ProfileInputs, catalog: Catalog | None, *, update: bool, as_json: bool
) -> None:
    from journeymap.cli.profile_view import print_summary
    from journeymap.personalize.catalog_match import match_items
    from journeymap.personalize.profile_store import stage_counts, update_profiles

    with err_console.status(_("computing profiles"), spinner="dots"):
        result = update_profiles(store, inputs, incremental=update)
    counts = stage_counts(store)
    match = match_items(store.events(), catalog, inputs.settings) if catalog else None
    journey = inputs.journey
    order = [s.id for s in journey.stages] if journey else []
    names = {s.id: s.name for s in journey.stages} if journey else {}
    stages: list[dict[str, Any]] = [
        {"stage": stage, "name": names.get(stage, stage) if stage else None, "persons": n}
        for stage, n in sorted(
            counts.items(),
            key=lambda kv: (kv[0] is None, order.index(kv[0]) if kv[0] in order else len(order)),
        )
    ]
    data = {
        "mode": result.mode,
        "written": result.written,
        "profiles": result.total,
        "map": result.map_id,
        "watermark": result.watermark,
        "stages": stages,
        "catalog": None if match is None else {"items": len(catalog or []), **match.as_dict()},
    }
    if as_json:
        print_json(data)
        return
    print_summary(data)


def _workspace() -> Workspace | None:
    from journeymap.model import MapError
    from journeymap.model.workspace import find_workspace

    try:
        return find_workspace()
    except MapError as error:
        report_map_error(error)


def _journey(path: str | None, workspace: Workspace | None) -> JourneyMap | None:
    from journeymap.model import MapError, load_map

    if path is None:
        path = _default_map(workspace)
        if path is None:
            return None
    try:
        return load_map(path)
    except MapError as error:
        report_map_error(error)
    except OSError as error:
        fail(_("cannot read {path}: {error}", path=path, error=error), code=EXIT_USAGE)


def _default_map(workspace: Workspace | None) -> str | None:
    """The workspace's map in the workspace language, else its first map, else None."""
    if workspace is None:
        return None
    paths = workspace.map_paths()
    language = f".{workspace.config.language}."
    preferred = [p for p in paths if language in p.name]
    chosen: list[Path] = preferred or paths
    return str(chosen[0]) if chosen else None


def _catalog(workspace: Workspace | None) -> Catalog | None:
    from journeymap.model import MapError
    from journeymap.personalize.catalog import load_catalog

    if workspace is None:
        return None
    try:
        catalog = load_catalog(workspace)
    except MapError as error:
        report_map_error(error)
    return catalog if catalog.files else None


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Compute profiles (stage, interests, traits, RFM, send hours) or show one person's."
        )
    )(profiles)
