"""Tell that a map has no problem without pydantic: the start of `journeymap validate MAP`.

pydantic's import and the building of the map's model classes cost about 0.15 s of CPU, more
than a bare Typer + Rich command line takes to start (issue 14 asks `validate` to stay within
twice that). A map that loads with no problem, no repair and no note needs only a yes: libyaml's
C parser reads it (`quick_yaml`), the stored schema reads the data as pydantic would
(`spec_check`, from `map_spec.json`), and the same cross-reference checks run on it
(`references`). Whenever any of them is not sure, the answer is "not sure" and the caller loads
the map the full way, which finds and places every problem as before. The chains a KPI's
`effect(...)` names are returned for the caller to look up in the workspace's automations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from journeymap.model.measure_syntax import measure_operands
from journeymap.model.quick_yaml import read_clean_map
from journeymap.model.references import check_references
from journeymap.model.spec_check import SPEC_FILE, ModelFields, SpecReader, UnsureError

if TYPE_CHECKING:
    from journeymap.model.journey import JourneyMap


@dataclass(frozen=True)
class QuickCheck:
    """A map found to have no problem of its own."""

    effect_chains: frozenset[str]
    """The chains its KPIs' `effect(CHAIN[, MARKER])` name, for the caller to look up among
    the workspace's automations (which this layer does not read)."""


def quick_check(text: str) -> QuickCheck | None:
    """The map of `text` when it loads with no problem and no note (what `parse_map` would
    find); None when it has one, or when the quick way cannot tell."""
    try:
        return _check(text)
    except Exception:  # whatever it is, the full way reports it
        return None


def _check(text: str) -> QuickCheck | None:
    data = read_clean_map(text)
    if data is None:
        return None
    try:
        journey = _Fields(_reader().read(data))
    except UnsureError:
        return None
    if check_references(cast("JourneyMap", journey)):
        return None
    measures = [kpi.measure or "" for stage in journey.stages for kpi in stage.kpis]
    return QuickCheck(
        frozenset(
            name
            for measure in measures
            for function, prefix, name in measure_operands(measure)
            if function == "effect" and prefix == "chain"
        )
    )


def quick_workspace_maps(root: Path) -> list[Path] | None:
    """The map files of the workspace at `root` when its `journeymap.toml` is plainly valid
    (read against the stored schema of the workspace's keys); None otherwise, and the caller
    loads the workspace the full way, which reports what is wrong."""
    import tomllib

    try:
        data = tomllib.loads((root / "journeymap.toml").read_text(encoding="utf-8"))
        config = _reader("workspace").read(data)
    except Exception:  # whatever it is, the full way reports it
        return None
    folder = root / config["maps"]
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


@cache
def _spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    return loaded


@cache
def _reader(part: str = "schema") -> SpecReader:
    return SpecReader(_spec(), part)


class _Fields:
    """A model's fields read as attributes (what the reference checks read of a model)."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        try:
            return _view(self._fields[name])
        except KeyError:
            raise AttributeError(name) from None


def _view(value: Any) -> Any:
    if isinstance(value, list):
        return [_view(item) for item in value]
    return _Fields(value) if isinstance(value, ModelFields) else value
