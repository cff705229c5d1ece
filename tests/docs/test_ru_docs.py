"""The Russian pages and docs/i18n.md stay true: links resolve, commands exist, the synonym table
is what the model reads, and the example map is valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from journeymap.cli.app import app
from journeymap.i18n import canonical
from journeymap.model import parse_map

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted([*(DOCS / "ru").glob("*.md"), DOCS / "i18n.md"])
README = DOCS / "ru" / "README.md"
FIELDS = {"kind": "kind", "severity": "severity", "source": "source", "status": "status"}
FIELDS |= {"direction": "direction", "channel": "channel"}


def test_the_russian_pages_exist() -> None:
    names = {p.name for p in PAGES}
    assert {"README.md", "lint-rules.md", "i18n.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        if not (page.parent / target).resolve().exists():
            broken.append(target)
    assert not broken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_commands_named_exist(page: Path) -> None:
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    text = page.read_text(encoding="utf-8")
    # in code: `journeymap lint`, `$ journeymap validate`, or a line of a shell block
    pattern = r"(?:`|^|\$ )journeymap (?:--lang \w+ )?([a-z][a-z-]+)"
    named = set(re.findall(pattern, text, flags=re.MULTILINE))
    assert named or page != README, "the quick start names no command"
    assert named - commands == set()


def _synonym_rows() -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        field = re.findall(r"`(\w+)`", cells[0])[0]
        words = re.findall(r"`([^`]+)`", cells[1])
        values = re.findall(r"`([^`]+)`", cells[2])
        rows.append((field, words, values))
    return rows


def test_the_synonym_table_is_what_the_model_reads() -> None:
    rows = _synonym_rows()
    assert {field for field, _, _ in rows} == set(FIELDS)
    for field, words, values in rows:
        assert len(words) == len(values), field
        for word, value in zip(words, values, strict=True):
            assert canonical(FIELDS[field], word) == value, (field, word)


def test_the_example_map_is_valid() -> None:
    text = README.read_text(encoding="utf-8")
    [example] = [
        b for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL) if "journeymap: 1" in b
    ]
    journey = parse_map(example).model
    barrier = journey.stages[0].barriers[0]
    assert barrier.severity == "critical"
    assert barrier.solutions[0].status == "in-progress"
    assert [t.kind for t in journey.touchpoints] == ["online", "offline"]
    assert journey.touchpoints[1].bindings[0].channel == "offline"
