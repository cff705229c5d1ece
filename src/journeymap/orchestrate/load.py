"""Read `automations/*.yaml`: every chain and the shared `settings.yaml`, each problem reported
at file:line:col with a hint, the way maps are.

References are checked across files: a step's `send` must name a message of the chain, `goto`
a step, a message's `channel` a channel of the settings, `entry.stage` a stage of the chain's
map, templates may use only the names of `templates.TEMPLATE_NAMES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.model.loader import problems_from_errors, yaml_problem
from journeymap.model.problems import MapError, Problem, format_path
from journeymap.model.references import closest
from journeymap.model.yamlio import parse_yaml, position, to_plain
from journeymap.orchestrate.chain import EXIT, Chain
from journeymap.orchestrate.map_references import kpi_chain_problems
from journeymap.orchestrate.settings import AutomationSettings
from journeymap.orchestrate.templates import template_problems

SETTINGS_FILE = "settings.yaml"
Model = TypeVar("Model", bound=BaseModel)


@dataclass
class Automations:
    """The chains of a workspace and their shared settings."""

    settings: AutomationSettings = field(default_factory=AutomationSettings)
    chains: list[Chain] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    """chain id -> the file it came from."""

    def chain(self, chain_id: str) -> Chain:
        return next(chain for chain in self.chains if chain.id == chain_id)


def _read(path: Path, model: type[Model]) -> tuple[Model, CommentedMap]:
    filename = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = parse_yaml(text)
    except MarkedYAMLError as exc:
        raise MapError([yaml_problem(exc, text, filename)]) from None
    except (YAMLError, OSError, UnicodeDecodeError) as exc:
        raise MapError([Problem(str(exc), file=filename, line=1, column=1)]) from None
    if not isinstance(data, CommentedMap):
        raise MapError([Problem(_("the file must be a mapping"), file=filename, line=1, column=1)])
    try:
        return model.model_validate(to_plain(data)), data
    except ValidationError as exc:
        raise MapError(problems_from_errors(exc.errors(), data, filename, model)) from None


def _problem(
    data: CommentedMap,
    loc: tuple[str | int, ...],
    filename: str,
    message: str,
    hint: str | None = None,
) -> Problem:
    found, line, column = position(data, loc)
    return Problem(
        message, path=format_path(found), file=filename, line=line, column=column, hint=hint
    )


def _unknown(  # noqa: PLR0917 - every place reports the same five facts
    data: CommentedMap,
    loc: tuple[str | int, ...],
    filename: str,
    what: str,
    value: str,
    known: Iterable[str],
) -> Problem:
    names = sorted(known)
    guess = closest(value, names)
    hint = (
        _("did you mean '{guess}'?", guess=guess)
        if guess
        else _("known: {names}", names=", ".join(names) or "-")
    )
    return _problem(
        data, loc, filename, _("unknown {what} '{value}'", what=what, value=value), hint
    )


def read_settings(folder: Path | None) -> AutomationSettings:
    """The `settings.yaml` of an automations folder (the defaults without one); `MapError`
    when it has mistakes."""
    if folder is None or not (folder / SETTINGS_FILE).is_file():
        return AutomationSettings()
    return _read(folder / SETTINGS_FILE, AutomationSettings)[0]


def chain_problems(
    chain: Chain,
    data: CommentedMap,
    filename: str,
    settings: AutomationSettings,
    maps: dict[str, JourneyMap],
) -> list[Problem]:
    """The references of one chain that point nowhere."""
    problems: list[Problem] = []
    steps = {step.id for step in chain.steps}
    targets = steps | {EXIT}
    for index, step in enumerate(chain.steps):
        gotos: list[tuple[tuple[str | int, ...], str | None]] = [(("goto",), step.goto)]
        if step.wait is not None:
            gotos += [
                (("wait", "on_match"), step.wait.on_match),
                (("wait", "on_timeout"), step.wait.on_timeout),
            ]
        gotos += [(("branch", n, "goto"), case.goto) for n, case in enumerate(step.branch or [])]
        gotos += [(("split", n, "goto"), arm.goto) for n, arm in enumerate(step.split or [])]
        for loc, target in gotos:
            if target is not None and target not in targets:
                problems.append(
                    _unknown(data, ("steps", index, *loc), filename, _("step"), target, targets)
                )
        if step.send is not None and step.send not in chain.messages:
            problems.append(
                _unknown(
                    data,
                    ("steps", index, "send"),
                    filename,
                    _("message"),
                    step.send,
                    chain.messages,
                )
            )
    for message_id, message in chain.messages.items():
        if message.channel not in settings.channels:
            problems.append(
                _unknown(
                    data,
                    ("messages", message_id, "channel"),
                    filename,
                    _("channel"),
                    message.channel,
                    settings.channels,
                )
            )
        for part in ("subject", "text", "html"):
            for language, source in getattr(message, part).items():
                loc = ("messages", message_id, part, language)
                problems += [
                    _problem(
                        data,
                        loc,
                        filename,
                        text,
                        _(
                            "templates may use: {names}",
                            names="profile, person_id, event, items, "
                            "recommendations, unsubscribe_url, chain, language",
                        ),
                    )
                    for text in template_problems(source)
                ]
    problems += _map_problems(chain, data, filename, maps)
    return problems


def _map_problems(
    chain: Chain, data: CommentedMap, filename: str, maps: dict[str, JourneyMap]
) -> list[Problem]:
    if chain.map is not None and chain.map not in maps:
        return [_unknown(data, ("map",), filename, _("map"), chain.map, maps)]
    if chain.entry.stage is None:
        return []
    if chain.map is None:
        return [
            _problem(
                data,
                ("entry", "stage"),
                filename,
                _("a stage entry needs the chain's map"),
                _("add `map:` with the map id"),
            )
        ]
    stages = {stage.id for stage in maps[chain.map].stages}
    if chain.entry.stage not in stages:
        return [_unknown(data, ("entry", "stage"), filename, _("stage"), chain.entry.stage, stages)]
    return []


def load_automations(folder: Path, maps: dict[str, JourneyMap] | None = None) -> Automations:
    """Every chain of `folder` (and its settings); `MapError` with every problem found."""
    maps = maps or {}
    problems: list[Problem] = []
    settings = AutomationSettings()
    if (folder / SETTINGS_FILE).is_file():
        try:
            settings, _data = _read(folder / SETTINGS_FILE, AutomationSettings)
        except MapError as exc:
            problems += exc.problems
    found = Automations(settings=settings)
    paths = sorted(p for p in folder.glob("*.y*ml") if p.name != SETTINGS_FILE)
    for path in paths:
        try:
            chain, data = _read(path, Chain)
        except MapError as exc:
            problems += exc.problems
            continue
        if chain.id in found.files:
            problems.append(
                _problem(
                    data,
                    ("id",),
                    str(path),
                    _("chain id '{id}' is used twice", id=chain.id),
                    _("also in {file}", file=found.files[chain.id]),
                )
            )
        problems += chain_problems(chain, data, str(path), settings, maps)
        found.chains.append(chain)
        found.files[chain.id] = str(path)
    if problems:
        raise MapError(problems)
    return found


def solution_chain_problems(paths: Iterable[Path], chain_ids: Iterable[str]) -> list[Problem]:
    """Map solutions whose `chain:` names no chain, and KPIs whose `effect(...)` does, at the
    map's file:line."""
    from journeymap.model.loader import load_document

    known = set(chain_ids)
    problems: list[Problem] = []
    for path in paths:
        try:
            document = load_document(path)
        except MapError:
            continue
        for s, stage in enumerate(document.model.stages):
            places: list[tuple[tuple[str | int, ...], str | None]] = [
                (("stages", s, "opportunities", o, "chain"), item.chain)
                for o, item in enumerate(stage.opportunities)
            ]
            places += [
                (("stages", s, "barriers", b, "solutions", n, "chain"), item.chain)
                for b, barrier in enumerate(stage.barriers)
                for n, item in enumerate(barrier.solutions)
            ]
            problems += [
                _unknown(document.data, loc, str(path), _("chain"), chain, known)
                for loc, chain in places
                if chain is not None and chain not in known
            ]
        problems += kpi_chain_problems(document, known)
    return problems


def workspace_maps(paths: Iterable[Path]) -> dict[str, JourneyMap]:
    """The maps that load, by id (a map with problems is `journeymap validate`'s business)."""
    from journeymap.model.loader import load_map

    maps: dict[str, JourneyMap] = {}
    for path in paths:
        try:
            journey = load_map(path)
        except MapError:
            continue
        maps[journey.id] = journey
    return maps


def plain(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_defaults=True)
