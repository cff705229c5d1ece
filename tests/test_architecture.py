"""Imports point down only: cli/api/web -> service -> report/personalize/orchestrate -> analytics ->
store/events -> model -> i18n. A module may import its own layer or any layer below."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "journeymap"

LAYER = {
    "i18n": -1,
    "model": 0,
    "templates": 0,
    "events": 1,
    "store": 1,
    "simulate": 1,
    "analytics": 2,
    "experiments": 2,
    "lint": 2,
    "render": 2,
    "report": 3,
    "personalize": 3,
    "orchestrate": 3,
    "service": 4,
    "cli": 5,
    "api": 5,
    "web": 5,
}
# model imports nothing of ours but i18n; templates (package data for `init`) may import the model
# only; i18n, the bottom layer, imports nothing of ours.
MAY_IMPORT_SAME_LAYER = {"i18n": set(), "model": set(), "templates": {"model"}}


def _package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "journeymap" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_imports_point_down_only() -> None:
    wrong = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if len(rel.parts) < 2:
            continue
        here = rel.parts[0]
        assert here in LAYER, f"package {here} has no layer in this test"
        for name in _imports(path):
            target = _package(name)
            if target is None or target == here or target not in LAYER:
                continue
            same_layer_ok = MAY_IMPORT_SAME_LAYER.get(here)
            if LAYER[target] > LAYER[here] or (
                same_layer_ok is not None
                and LAYER[target] == LAYER[here]
                and target not in same_layer_ok
            ):
                wrong.append(f"{rel} imports {name}")
    assert not wrong, "imports must point down:\n" + "\n".join(wrong)


def test_model_imports_nothing_else_of_ours() -> None:
    for path in (SRC / "model").rglob("*.py"):
        for name in _imports(path):
            target = _package(name)
            # `lazy`: the package root's PEP 562 helper, which imports nothing of ours
            assert target in (None, "model", "i18n", "lazy"), f"{path.name} imports {name}"


def test_i18n_imports_nothing_of_ours() -> None:
    for path in (SRC / "i18n").rglob("*.py"):
        for name in _imports(path):
            target = _package(name)
            assert target in (None, "i18n"), f"{path.name} imports {name}"
