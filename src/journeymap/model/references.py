"""Cross-reference checks: every id a map names must exist, and ids must be unique."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journeymap.i18n import N_
from journeymap.i18n import gettext as _
from journeymap.model.measure_syntax import SURVEY_MEASURES, measure_operands
from journeymap.model.problems import format_path

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Dangling:
    loc: Loc
    message: str
    hint: str | None


def closest(name: str, known: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


_KNOWN = {
    "stage": N_("known stage ids: {ids}"),
    "touchpoint": N_("known touchpoint ids: {ids}"),
    "persona": N_("known persona ids: {ids}"),
}
_NONE = {
    "stage": N_("the map defines no stages"),
    "touchpoint": N_("the map defines no touchpoints"),
    "persona": N_("the map defines no personas"),
}
_DUPLICATE = {
    "persona": N_("duplicate persona id '{id}'"),
    "stage": N_("duplicate stage id '{id}'"),
    "touchpoint": N_("duplicate touchpoint id '{id}'"),
    "barrier": N_("duplicate barrier id '{id}'"),
    "kpi": N_("duplicate KPI id '{id}'"),
}


def _hint(name: str, known: list[str], kind: str) -> str:
    guess = closest(name, known)
    if guess:
        return _("did you mean '{guess}'?", guess=guess)
    return _(_KNOWN[kind], ids=", ".join(known)) if known else _(_NONE[kind])


def _duplicates(items: Iterable[tuple[Loc, str]], kind: str) -> list[Dangling]:
    seen: dict[str, Loc] = {}
    found = []
    for loc, item_id in items:
        if item_id in seen:
            first = seen[item_id]
            found.append(
                Dangling(
                    loc,
                    _(_DUPLICATE[kind], id=item_id),
                    _("ids must be unique; first used at {place}", place=_show(first)),
                )
            )
        else:
            seen[item_id] = loc
    return found


def _show(loc: Loc) -> str:
    return format_path(loc)


def _measure_references(journey: JourneyMap) -> list[Dangling]:
    """`touchpoint:X` / `stage:X` operands, and the operand of `nps`/`csat`/`ces`, name ids of
    the map (other operands may be event names, known only to the data)."""
    touchpoints = [t.id for t in journey.touchpoints]
    stages = [s.id for s in journey.stages]
    found = []
    for si, stage in enumerate(journey.stages):
        for ki, kpi in enumerate(stage.kpis):
            for function, prefix, name in measure_operands(kpi.measure or ""):
                if prefix == "touchpoint":
                    known = touchpoints
                elif prefix == "stage":
                    known = stages
                elif prefix is None and function in SURVEY_MEASURES:
                    known = [*touchpoints, *stages]
                else:
                    continue
                if name in known:
                    continue
                guess = closest(name, known)
                fixed = (kpi.measure or "").replace(name, guess) if guess else None
                found.append(
                    Dangling(
                        ("stages", si, "kpis", ki, "measure"),
                        _("measure names '{name}', which is no id of the map", name=name),
                        _("write measure: {fixed}", fixed=fixed)
                        if fixed
                        else _("ids of the map: {ids}", ids=", ".join(known)),
                    )
                )
    return found


def check_references(journey: JourneyMap) -> list[Dangling]:
    """Return every dangling reference and duplicate id, in file order."""
    persona_ids = [p.id for p in journey.personas]
    touchpoint_ids = [t.id for t in journey.touchpoints]
    found: list[Dangling] = []
    found += _duplicates(
        ((("personas", i, "id"), p.id) for i, p in enumerate(journey.personas)), "persona"
    )
    found += _duplicates(
        ((("stages", i, "id"), s.id) for i, s in enumerate(journey.stages)), "stage"
    )
    found += _duplicates(
        ((("touchpoints", i, "id"), t.id) for i, t in enumerate(journey.touchpoints)),
        "touchpoint",
    )
    found += _duplicates(
        (
            (("stages", si, "barriers", bi, "id"), b.id)
            for si, s in enumerate(journey.stages)
            for bi, b in enumerate(s.barriers)
        ),
        "barrier",
    )
    found += _duplicates(
        (
            (("stages", si, "kpis", ki, "id"), k.id)
            for si, s in enumerate(journey.stages)
            for ki, k in enumerate(s.kpis)
        ),
        "kpi",
    )
    found += _measure_references(journey)
    for si, stage in enumerate(journey.stages):
        for ti, tp in enumerate(stage.touchpoints):
            if tp not in touchpoint_ids:
                found.append(
                    Dangling(
                        ("stages", si, "touchpoints", ti),
                        _("touchpoint '{id}' is not defined in `touchpoints`", id=tp),
                        _hint(tp, touchpoint_ids, "touchpoint"),
                    )
                )
        for persona in stage.emotions:
            if persona not in persona_ids:
                found.append(
                    Dangling(
                        ("stages", si, "emotions", persona),
                        _("persona '{id}' is not defined in `personas`", id=persona),
                        _hint(persona, persona_ids, "persona"),
                    )
                )
        for bi, barrier in enumerate(stage.barriers):
            if barrier.touchpoint and barrier.touchpoint not in touchpoint_ids:
                found.append(
                    Dangling(
                        ("stages", si, "barriers", bi, "touchpoint"),
                        _("touchpoint '{id}' is not defined", id=barrier.touchpoint),
                        _hint(barrier.touchpoint, touchpoint_ids, "touchpoint"),
                    )
                )
    return found + _policy_references(journey)


def _policy_references(journey: JourneyMap) -> list[Dangling]:
    """Stage ids of the `personalization:` block (`""`: persons without a stage) are stages."""
    if journey.personalization is None:
        return []
    stages = [s.id for s in journey.stages]
    return [
        Dangling(
            ("personalization", "stages", stage_id),
            _("stage '{id}' is not defined", id=stage_id),
            _hint(stage_id, stages, "stage"),
        )
        for stage_id in journey.personalization.stages
        if stage_id and stage_id not in stages
    ]
