"""The chains a map names from its KPIs (`effect(CHAIN[, MARKER])`), checked against the chain
ids of the workspace's `automations/`, at the map's file:line.

Light on purpose: `journeymap validate` runs it, and may load the map model and YAML only
(no Jinja, no store); the chains' own mistakes are `automations validate`'s business.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.i18n import gettext as _
from journeymap.model.measure_syntax import measure_operands
from journeymap.model.problems import Problem, format_path
from journeymap.model.quick_yaml import read_plain
from journeymap.model.references import closest

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from journeymap.model.loader import MapDocument

SETTINGS_FILE = "settings.yaml"


def unknown_chain(data: CommentedMap, loc: tuple[str | int, ...], filename: str, chain: str,
                  known: Iterable[str]) -> Problem:  # fmt: skip
    """`unknown chain 'X'` at the place `loc` of a YAML document, with the closest id."""
    from journeymap.model.yamlio import position

    names = sorted(known)
    guess = closest(chain, names)
    hint = (
        _("did you mean '{guess}'?", guess=guess)
        if guess
        else _("known: {names}", names=", ".join(names) or "-")
    )
    found, line, column = position(data, loc)
    return Problem(
        _("unknown {what} '{value}'", what=_("chain"), value=chain),
        path=format_path(found),
        file=filename,
        line=line,
        column=column,
        hint=hint,
    )


def kpi_chain_problems(document: MapDocument, chain_ids: Iterable[str]) -> list[Problem]:
    """KPI measures `effect(CHAIN[, MARKER])` whose chain is none of `chain_ids`."""
    known = set(chain_ids)
    filename = str(document.path) if document.path else "-"
    problems: list[Problem] = []
    for s, stage in enumerate(document.model.stages):
        for k, kpi in enumerate(stage.kpis):
            for function, prefix, chain in measure_operands(kpi.measure or ""):
                if function == "effect" and prefix == "chain" and chain not in known:
                    loc = ("stages", s, "kpis", k, "measure")
                    problems.append(unknown_chain(document.data, loc, filename, chain, known))
    return problems


def declared_chain_ids(folder: Path) -> list[str]:
    """The `id` of every chain file of an automations folder, read without checking the
    chains (a map's references are checked even while a chain has mistakes of its own)."""
    found: list[str] = []
    if not folder.is_dir():
        return found
    for path in sorted(p for p in folder.glob("*.y*ml") if p.name != SETTINGS_FILE):
        try:
            data = _read_yaml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.append(data["id"])
    return found


def _read_yaml(text: str) -> Any:
    """The data of a chain file: libyaml's quick reading where it is sure to be ruamel's, else
    ruamel's own; None when the file is no YAML."""
    data = read_plain(text)
    if data is not None:
        return data
    from ruamel.yaml.error import YAMLError

    from journeymap.model.yamlio import parse_yaml

    try:
        return parse_yaml(text)
    except YAMLError:
        return None
