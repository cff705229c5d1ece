"""The quick check of `journeymap validate` agrees with pydantic: what it accepts, the model
accepts, with the same values; what it is unsure of goes the full way."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from journeymap.model.journey import JourneyMap
from journeymap.model.loader import parse_map
from journeymap.model.map_spec import export_spec, spec_text
from journeymap.model.problems import MapError
from journeymap.model.quick_check import _Fields, quick_check
from journeymap.model.quick_yaml import read_plain
from journeymap.model.references import check_references
from journeymap.model.spec_check import SPEC_FILE, SpecReader, UnsureError
from journeymap.model.validator_twins import twin

ROOT = Path(__file__).resolve().parents[2]
MAPS = sorted(
    [*ROOT.glob("examples/*/maps/*.yaml"), *(ROOT / "src/journeymap/templates/maps").glob("*.yaml")]
)
READER = SpecReader(export_spec())


def plain(value: Any) -> Any:
    """What the model holds, as the quick reader gives it: each model a dict of its fields."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def typed(value: Any) -> Any:
    """`value` with every leaf's type, so that 1 and 1.0 differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def test_the_stored_schema_is_the_models() -> None:
    assert SPEC_FILE.read_text(encoding="utf-8") == spec_text(), (
        "the map model changed: run `python -m journeymap.model.map_spec`"
    )


def test_every_stored_validator_has_a_twin() -> None:
    names: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "function":
                    names.append(value)
                elif key == "discriminator" and isinstance(value, dict):
                    names.append(value["function"])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(SPEC_FILE.read_text(encoding="utf-8")))
    assert len(names) >= 20
    for name in names:
        assert callable(twin(name)), name


@pytest.mark.parametrize("path", MAPS, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_maps_read_as_the_model_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = read_plain(text)
    model = JourneyMap.model_validate(data)
    assert typed(READER.read(data)) == typed(plain(model))
    check = quick_check(text)
    assert check is not None, "a shipped map should pass the quick check"


_VALUES: list[Any] = [
    None, "", "  padded  ", "x", "Bad Id!", "ok-id", -1, 0, 1, 2, 3, 0.5, 1.5, 150, 2.0, True,
    "25%", "abc", "офлайн", "критично", "в работе", "интервью", [], {}, "30-40", "40-30", "2h",
    "0s", "34", dt.date(2026, 1, 2), "conversion(a)", "conversion(a -> b)", "effect(x)",
    "count(touchpoint:nowhere)", "[", {"score": 1}, {"min": 20, "max": 30}, ["a"], {"a": 0.7},
    {"a": 0.7, "b": 0.6}, {"event": "x"}, {"eq": 1}, "вдохновение", 1e400,
]  # fmt: skip
"""Values a mutation puts in place of a field: of every type, valid and not, for every rule."""


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


def _mutate(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    path = rng.choice(_places(changed)[1:])
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = rng.random()
    if action < 0.15:
        del parent[last]
    elif action < 0.25 and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))  # a duplicate id, most often
    elif action < 0.32 and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)  # an unknown key
    else:
        parent[last] = copy.deepcopy(rng.choice(_VALUES))
    return changed


FUZZED = [
    ROOT / "examples/seed-shop/maps/seed-shop.en.yaml",
    ROOT / "examples/bpi-loan/maps/loan.en.yaml",
    ROOT / "src/journeymap/templates/maps/travel.ru.yaml",
]


@pytest.mark.parametrize("path", FUZZED, ids=lambda p: p.name)
def test_what_the_quick_reader_accepts_the_model_accepts_the_same(path: Path) -> None:
    data = read_plain(path.read_text(encoding="utf-8"))
    rng = random.Random(path.name)
    accepted = refused_by_both = left_to_pydantic = 0
    for _ in range(400):
        changed = _mutate(data, rng)
        try:
            quick = READER.read(changed)
        except UnsureError:
            quick = None
        try:
            model = JourneyMap.model_validate(changed)
        except ValidationError:
            assert quick is None, f"accepted what the model refuses: {changed}"
            refused_by_both += 1
            continue
        if quick is None:
            left_to_pydantic += 1
            continue
        accepted += 1
        assert typed(quick) == typed(plain(model))
        assert check_references(_Fields(quick)) == check_references(model)  # type: ignore[arg-type]
    # the mutations reach both outcomes, so the comparison above is not vacuous; the quick
    # reader is strict (`left_to_pydantic`), which costs time, never a wrong answer
    assert accepted > 100
    assert refused_by_both > 50
    assert left_to_pydantic < accepted


def test_a_clean_map_passes_and_names_its_chains() -> None:
    text = (ROOT / "examples/seed-shop/maps/seed-shop.en.yaml").read_text(encoding="utf-8")
    check = quick_check(text)
    assert check is not None
    assert check.effect_chains == {"cart-reminder"}


@pytest.mark.parametrize(
    "text",
    [
        "id: m\ntitle: T\nstages: [{id: a, name: A, touchpoints: [nowhere]}]\n",  # dangling
        "id: m\ntitle: T\nstages: [{id: a, name: A}, {id: a, name: B}]\n",  # duplicate id
        "id: m\ntitle: T\nstages: [{id: a, name: Соцсети (ВКонтакте, Telegram)}]\n",  # repaired
        "id: m\ntitle: T\nowner: *важно* team\n",  # an alias-looking value: a note
        "id: m\ntitle: 'unclosed\n",
        "- a list\n",
        "id: m\ntitle: T\nunknown: 1\n",
    ],
)
def test_anything_with_a_problem_or_a_note_goes_the_full_way(text: str) -> None:
    assert quick_check(text) is None
    try:
        document = parse_map(text)
    except MapError:  # the full way reports it, which is what matters here
        return
    assert document.notes or check_references(document.model)


def test_ordinary_phrasing_the_model_reads_passes_quickly() -> None:
    text = (
        "id: m\ntitle: T\nlanguage: ru\nstages: [{id: a, name: A, kpis: "
        "[{id: k, name: K, target: 25%, direction: снижение}]}]\n"
        "touchpoints: [{id: t, name: T, kind: офлайн}]\n"
    )
    assert parse_map(text).notes == []
    data = READER.read(read_plain(text))
    assert data["stages"][0]["kpis"][0]["target"] == 0.25
    assert data["stages"][0]["kpis"][0]["direction"] == "decrease"
    assert data["touchpoints"][0]["kind"] == "offline"
    assert quick_check(text) is not None


def test_the_quick_check_needs_no_pydantic() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from journeymap.model.quick_check import quick_check; "
        f"assert quick_check(open({str(MAPS[0])!r}, encoding='utf-8').read()) is not None; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'ruamel')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_what_pydantic_coerces_the_quick_reader_leaves_to_it() -> None:
    text = (
        "id: m\ntitle: T\npersonas: [{id: p, name: P, evidence: "
        "[{source: interview, sample_size: '12'}]}]\n"
    )
    assert JourneyMap.model_validate(read_plain(text)).personas[0].evidence[0].sample_size == 12
    assert quick_check(text) is None


def test_yaml_the_quick_reader_is_unsure_of_is_left_alone() -> None:
    text = yaml.safe_dump({"id": "m", "title": "T", "reviewed": "2026-13-40"})
    assert quick_check(text) is None


def test_the_stored_schema_ships_with_the_package() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["setuptools"]["package-data"]["journeymap"]
    assert SPEC_FILE.relative_to(ROOT / "src/journeymap").as_posix() in shipped
