"""Check that the `simulation:` block names stages and touchpoints the map has."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.model.problems import MapError, Problem, format_path
from journeymap.model.simulation import ReturningSettings, SegmentSettings, SimulationSettings
from journeymap.model.yamlio import position

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class SettingsProblem:
    """A wrong id in the `simulation:` block; `loc` is its path in the map file."""

    loc: Loc
    message: str
    hint: str | None = None


class SimulationError(ValueError):
    """The map cannot be simulated; the message says what to change."""


def check_settings(journey: JourneyMap) -> list[SettingsProblem]:
    """Every stage or touchpoint id the `simulation:` block uses that the map does not define."""
    settings = journey.simulation
    if settings is None:
        return []
    stages = [s.id for s in journey.stages]
    found: list[SettingsProblem] = []

    def stage(loc: Loc, name: str) -> None:
        if name not in stages:
            found.append(
                SettingsProblem(loc, f"stage '{name}' is not defined", _hint(name, stages))
            )

    base: Loc = ("simulation",)
    for key in settings.entry:
        stage((*base, "entry", key), key)
    _stage_maps(settings, base, stage)
    for index, repeat in enumerate(settings.repeat):
        stage((*base, "repeat", index, "from"), repeat.from_)
        stage((*base, "repeat", index, "to"), repeat.to)
    for key in settings.dwell:
        stage((*base, "dwell", key), key)
    for key in settings.surveys:
        stage((*base, "surveys", key), key)
    if settings.identify is not None:
        stage((*base, "identify"), settings.identify)
    for name, segment in settings.segments.items():
        _stage_maps(segment, (*base, "segments", name), stage)
    _stage_maps(settings.returning, (*base, "returning"), stage)
    for stage_id, touchpoint in settings.completion.items():
        loc: Loc = (*base, "completion", stage_id)
        if stage_id not in stages:
            stage(loc, stage_id)
        elif touchpoint not in journey.stage(stage_id).touchpoints:
            listed = journey.stage(stage_id).touchpoints
            found.append(
                SettingsProblem(
                    loc,
                    f"touchpoint '{touchpoint}' is not used by stage '{stage_id}'",
                    _hint(touchpoint, listed),
                )
            )
    found += _touchpoint_problems(journey, settings)
    return found


def _stage_maps(
    settings: SimulationSettings | SegmentSettings | ReturningSettings,
    base: Loc,
    check: Callable[[Loc, str], None],
) -> None:
    if isinstance(settings.continue_, dict):
        for key in settings.continue_:
            check((*base, "continue", key), key)
    for source, targets in settings.transitions.items():
        check((*base, "transitions", source), source)
        for target in targets:
            check((*base, "transitions", source, target), target)


def _touchpoint_problems(
    journey: JourneyMap, settings: SimulationSettings
) -> list[SettingsProblem]:
    known = [t.id for t in journey.touchpoints]
    found = []
    for key, tp in settings.touchpoints.items():
        loc: Loc = ("simulation", "touchpoints", key)
        if key not in known:
            found.append(
                SettingsProblem(loc, f"touchpoint '{key}' is not defined", _hint(key, known))
            )
            continue
        if tp.requires is None:
            continue
        together = [
            s.id for s in journey.stages if key in s.touchpoints and tp.requires in s.touchpoints
        ]
        if not together:
            found.append(
                SettingsProblem(
                    (*loc, "requires"),
                    f"touchpoint '{tp.requires}' is not in a stage together with '{key}'",
                    "`requires` names an earlier touchpoint of the same stage",
                )
            )
    return found


def _hint(name: str, known: Iterable[str]) -> str:
    names = list(known)
    guess = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if guess:
        return f"did you mean '{guess[0]}'?"
    return f"known ids: {', '.join(names)}" if names else "the map defines none"


def raise_for(problems: list[SettingsProblem]) -> None:
    """Raise `SimulationError` listing `problems` (for library callers without a file)."""
    if problems:
        lines = [
            f"{format_path(p.loc)}: {p.message}" + (f" ({p.hint})" if p.hint else "")
            for p in problems
        ]
        raise SimulationError(
            _("the simulation block is invalid:\n{problems}", problems="\n".join(lines))
        )


def as_map_error(problems: list[SettingsProblem], data: object, filename: str) -> MapError:
    """The problems with file:line:column, for maps loaded with `load_document`."""
    located = []
    for problem in problems:
        found, line, column = position(data, problem.loc)
        located.append(
            Problem(
                problem.message,
                path=format_path(found),
                file=filename,
                line=line,
                column=column,
                hint=problem.hint,
            )
        )
    return MapError(located)
