"""`journeymap recommend PERSON`: one person's stage recommendations, each with its reason."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from journeymap.cli.language_option import LangOption
from journeymap.cli.output import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    JsonOption,
    console,
    err_console,
    fail,
    print_json,
    report_map_error,
)
from journeymap.cli.store_access import StoreOption, open_store
from journeymap.i18n import N_, ngettext
from journeymap.i18n import gettext as _

if TYPE_CHECKING:  # the library loads on use (CLI start-up speed)
    from collections.abc import Iterator

    from journeymap.model import JourneyMap
    from journeymap.model.workspace import Workspace
    from journeymap.personalize.strategies import Recommendation, ServingState

PersonArgument = Annotated[
    str | None,
    typer.Argument(help=N_("The person: her person id, user id or anonymous id.")),
]
CountOption = Annotated[int, typer.Option("-n", "--count", min=1, help=N_("How many items."))]
StageOption = Annotated[
    str | None,
    typer.Option(
        "--stage", help=N_("Serve this map stage (id); default: the person's current stage.")
    ),
]
PrepareOption = Annotated[
    bool,
    typer.Option(
        "--prepare",
        help=N_(
            "Recompute everyone's serving state from the store and write it first (after new "
            "events or a new catalog or policy); without it and without a state file, only "
            "the person's recommendations are computed, and nothing is written."
        ),
    ),
]
StateOption = Annotated[
    Path | None,
    typer.Option(
        "--state",
        help=N_("Serving state file; default: .journeymap/serving.json in the workspace."),
    ),
]
MapOption = Annotated[
    str | None,
    typer.Option("--map", help=N_("Map whose stages are served; default: the workspace's map.")),
]


def recommend(
    person: PersonArgument = None,
    *,
    count: CountOption = 10,
    stage: StageOption = None,
    prepare: PrepareOption = False,
    state_path: StateOption = None,
    map_path: MapOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    workspace = _workspace()
    path = _state_path(state_path, workspace)
    if prepare or (person is None and not path.is_file()):
        state = _prepare(path, workspace, map_path, store)
        if person is None:
            _prepared(state, path, as_json=as_json)
            return
    elif person is None:
        fail(
            _("name a person, or pass --prepare"),
            hint="journeymap recommend PERSON",
            code=EXIT_USAGE,
        )
    elif not path.is_file():  # hers alone: preparing everyone's takes minutes on a large store
        person = _person_id(person, store)
        state = _one_person(person, workspace, map_path, store)
    else:
        state = _load(path)
    if person not in state.persons:
        person = _person_id(person, store)
    _serve(state, person, count, stage, lang, as_json=as_json)


def _person_id(given: str, store: str | None) -> str:
    """The stitched person id of a user id or anonymous id, through the store's identities;
    the id as given when the store does not know it either."""
    from journeymap.personalize.profile_store import resolve_person

    with open_store(store) as opened:
        return resolve_person(opened, given) or given


def _serve(
    state: ServingState,
    person: str,
    count: int,
    stage: str | None,
    lang: str | None,
    *,
    as_json: bool,
) -> None:
    from journeymap.personalize.strategies import UnknownPersonError, UnknownStageError, serve

    try:
        items = serve(state, person, count, stage, language=lang)
    except UnknownPersonError:
        fail(
            _("no person {person} in the serving state", person=repr(person)),
            hint=_(
                "use an id `journeymap profiles` shows; after new events run "
                "journeymap recommend --prepare"
            ),
            code=EXIT_FINDINGS,
        )
    except UnknownStageError:
        stages = ", ".join(s for s in state.policies if s) or _("none")
        fail(
            _("the map has no stage {stage}", stage=repr(stage)),
            hint=_("stages: {stages}", stages=stages),
            code=EXIT_USAGE,
        )
    served = stage if stage is not None else state.persons[person].stage or ""
    policy = state.policies.get(served) or state.policies[""]
    if as_json:
        print_json(
            {
                "person": person,
                "stage": served or None,
                "role": policy.role,
                "items": [item.as_dict() for item in items],
            }
        )
        return
    _print(state, person, served, policy.role, items)


def _print(
    state: ServingState, person: str, stage: str, role: str | None, items: list[Recommendation]
) -> None:
    name = state.stage_names.get(stage, stage) if stage else "-"
    console.print(
        ngettext(
            "{person} at stage {stage} ({role}): {count} item",
            "{person} at stage {stage} ({role}): {count} items",
            len(items),
            person=f"[bold]{escape(person)}[/bold]",
            stage=f"[bold]{escape(name)}[/bold]",
            role=role,
        )
    )
    table = Table("#", _("recommended"), _("why"), box=None, pad_edge=False)
    for rank, item in enumerate(items, start=1):
        table.add_row(str(rank), escape(item.title), escape(item.reason_text))
    console.print(table)


def _prepared(state: ServingState, path: Path, *, as_json: bool) -> None:
    data = {"state": str(path), "persons": len(state.persons), "items": len(state.items)}
    if as_json:
        print_json(data)
        return
    console.print(
        ngettext(
            "serving state for {count} person written to {path}",
            "serving state for {count} persons written to {path}",
            len(state.persons),
            path=escape(str(path)),
        )
    )


def _prepare(
    path: Path, workspace: Workspace | None, map_path: str | None, store: str | None
) -> ServingState:
    from journeymap.personalize.strategies.prepare import prepare_serving

    inputs = _inputs(workspace, map_path)
    status = err_console.status(_("preparing the serving state"), spinner="dots")
    with open_store(store) as opened, _serving_errors(), status:
        return prepare_serving(opened, **inputs, path=path)


def _one_person(
    person: str, workspace: Workspace | None, map_path: str | None, store: str | None
) -> ServingState:
    """Her serving state alone, computed from the store (no state file is written)."""
    from journeymap.personalize.strategies.one_person import serving_of_one

    inputs = _inputs(workspace, map_path)
    status = err_console.status(_("computing this person's recommendations"), spinner="dots")
    with open_store(store) as opened, _serving_errors(), status:
        return serving_of_one(opened, person, **inputs)


def _inputs(workspace: Workspace | None, map_path: str | None) -> dict[str, Any]:
    """The map, catalog, stage policy and language serving is computed with."""
    from journeymap.model import MapError
    from journeymap.personalize.catalog import content_folder, load_catalog
    from journeymap.personalize.strategies import load_policies
    from journeymap.personalize.strategies.policy_file import policy_for

    journey = _journey(map_path, workspace)
    catalog = policies = None
    try:
        if workspace is not None:
            catalog = load_catalog(workspace)
            policies = load_policies(content_folder(workspace))
    except MapError as error:
        report_map_error(error)
    map_id = journey.id if journey is not None else None
    language = (workspace.config.language if workspace is not None else None) or "en"
    policy = policy_for(policies or {}, map_id, journey.personalization if journey else None)
    return {"journey": journey, "catalog": catalog, "policy": policy, "language": language}


@contextmanager
def _serving_errors() -> Iterator[None]:
    """A bad stage policy or a store with nothing to recommend: an error with a hint."""
    from journeymap.personalize.strategies import ServingError
    from journeymap.personalize.strategies.serving import PolicyStageError

    try:
        yield
    except PolicyStageError as error:
        fail(str(error), hint=_("fix the stage ids of the policy"), code=EXIT_FINDINGS)
    except ServingError as error:
        fail(
            str(error),
            hint=_("ingest events first: journeymap ingest FILE (or journeymap simulate)"),
            code=EXIT_FINDINGS,
        )


def _load(path: Path) -> ServingState:
    from journeymap.personalize.strategies import ServingError, load_state

    try:
        return load_state(path)
    except ServingError as error:
        fail(str(error), hint="journeymap recommend --prepare", code=EXIT_FINDINGS)


def _state_path(given: Path | None, workspace: Workspace | None) -> Path:
    from journeymap.personalize.strategies.prepare import STATE_FILE

    if given is not None:
        return given
    if workspace is None:
        fail(
            _("no workspace here, so no default place for the serving state"),
            hint=_("pass --state FILE (and --store URL to prepare it)"),
            code=EXIT_USAGE,
        )
    return workspace.root / STATE_FILE


def _workspace() -> Workspace | None:
    from journeymap.model import MapError
    from journeymap.model.workspace import find_workspace

    try:
        return find_workspace()
    except MapError as error:
        report_map_error(error)


def _journey(path: str | None, workspace: Workspace | None) -> JourneyMap | None:
    """The map given, else the workspace's map in its language, else its first, else none."""
    from journeymap.model import MapError, load_map

    if path is None and workspace is not None:
        paths = workspace.map_paths()
        preferred = [p for p in paths if f".{workspace.config.language}." in p.name]
        path = str((preferred or paths)[0]) if paths else None
    if path is None:
        return None
    try:
        return load_map(path)
    except MapError as error:
        report_map_error(error)
    except OSError as error:
        fail(_("cannot read {path}: {error}", path=path, error=error), code=EXIT_USAGE)


def register(app: typer.Typer) -> None:
    app.command(
        help=N_(
            "Recommend items for a person's journey stage, each with its reason in her language."
        )
    )(recommend)
