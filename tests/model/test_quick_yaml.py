"""The quick reader (libyaml) reads every shipped map as the round-trip reader (ruamel) does,
and leaves to ruamel whatever it cannot be sure of, so a problem still gets file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import resolver

from journeymap.model import MapError, load_document
from journeymap.model.loader import _parse_clean_map, _parse_map_carefully
from journeymap.model.quick_yaml import RUAMEL_NON_TEXT, read_plain
from journeymap.model.yamlio import emit_yaml, parse_yaml, to_plain

ROOT = Path(__file__).resolve().parents[2]
MAPS = sorted(
    [*ROOT.glob("examples/*/maps/*.yaml"), *(ROOT / "src/journeymap/templates/maps").glob("*.yaml")]
)
OTHER_YAML = sorted((ROOT / "src/journeymap/templates/automations").rglob("*.yaml"))


def typed(value: Any) -> Any:
    """`value` with the type of every leaf, so that 1 and 1.0 or '1' and 1 differ."""
    if isinstance(value, dict):
        return {(type(k).__name__, k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def ruamel_plain(text: str) -> Any:
    return to_plain(parse_yaml(text))


def test_the_shipped_maps_are_many() -> None:
    assert len(MAPS) >= 15  # every example's and every template's map, en and ru


@pytest.mark.parametrize("path", MAPS, ids=lambda p: str(p.relative_to(ROOT)))
def test_quick_and_careful_paths_give_the_same_map(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    quick = _parse_clean_map(text)
    careful = _parse_map_carefully(text, str(path))
    assert quick is not None, "a shipped map should take the quick path"
    assert typed(read_plain(text)) == typed(to_plain(careful.data))
    assert quick.model == careful.model
    assert quick.notes == careful.notes == []


@pytest.mark.parametrize("path", OTHER_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_quick_reader_reads_other_shipped_yaml_as_ruamel_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    quick = read_plain(text)
    assert quick is not None
    assert typed(quick) == typed(ruamel_plain(text))


def test_round_trip_data_parsed_on_first_use_is_the_careful_paths() -> None:
    """Edits keep the file's comments whichever path read the map."""
    text = (ROOT / "examples/seed-shop/maps/seed-shop.en.yaml").read_text(encoding="utf-8")
    quick = _parse_clean_map(text)
    assert quick is not None
    assert emit_yaml(quick.data) == emit_yaml(_parse_map_carefully(text, "-").data)


@pytest.mark.parametrize(
    "text",
    [
        "a: 0o17\n",  # octal in YAML 1.2
        "a: 017\n",
        "a: 0x1F\n",
        "a: 1_000\n",
        "a: +5\n",
        "a: 1e3\n",
        "a: .5\n",
        "a: .inf\n",
        "a: 2026-11-01 10:00:00\n",  # a timestamp, not a date
        "a: 2026-02-30\n",  # no such date
        "base: &b {x: 1}\nc:\n  <<: *b\n",  # merge key
        "a: !custom x\n",
        "a: !!str 5\n",  # ruamel keeps even this tag (a tagged scalar, not text)
        "a: !!map {b: 1}\n",
        "%YAML 1.1\n---\na: yes\n",  # directive: YAML 1.1 reads `yes` as true
        "a: one\u2028two\n",  # a line break to YAML 1.1 only
        "a: 1\na: 2\n",  # duplicate key
        "1: x\n",  # a key that is no text
        "a: &x [1, *x]\n",  # an alias inside its own anchor
        "a: [1\n",  # a syntax error
        "",  # empty
        "a: 1\n---\nb: 2\n",  # two documents
    ],
)
def test_quick_reader_leaves_what_it_is_unsure_of_to_ruamel(text: str) -> None:
    assert read_plain(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\nb: no\nc: on\nd: off\n",  # text in YAML 1.2, as ruamel reads it
        "a: true\nb: False\nc: TRUE\n",
        "a: ~\nb: null\nc:\nd: NULL\n",
        "a: 0\nb: -3\nc: 42\n",
        "a: 1.50\nb: -0.25\nc: 0.0\n",
        "a: 2026-11-01\n",
        "a: 1С-Битрикс\nb: 24/7\nc: -кнопка\nd: .net\ne: 3 дня\n",  # text that starts like a number
        "a: 'quoted: 5'\nb: \"7\"\nc: |\n  block\n  text\nd: >\n  folded\n  text\n",
        "a: [1, 'x', {b: c}]\n",
        "base: &b {x: 1}\nc: *b\n",  # an alias (not a merge)
        "эмоция: вдохновение\n",
    ],
)
def test_quick_reader_agrees_with_ruamel_on_scalars(text: str) -> None:
    quick = read_plain(text)
    assert quick is not None
    assert typed(quick) == typed(ruamel_plain(text))


def test_dates_are_dates() -> None:
    assert read_plain("at: 2026-11-01\n") == {"at": dt.date(2026, 11, 1)}


def test_the_copied_resolvers_are_ruamels() -> None:
    """The quick reader leaves to ruamel every plain scalar that ruamel's YAML 1.2 resolvers
    read as a number, timestamp, merge or value: the copy must follow ruamel's."""
    wanted = {
        f"tag:yaml.org,2002:{name}" for name in ("float", "int", "merge", "timestamp", "value")
    }
    theirs = [
        regexp.pattern
        for versions, tag, regexp, _first in resolver.implicit_resolvers
        if (1, 2) in versions and tag in wanted
    ]
    assert sorted(theirs) == sorted(RUAMEL_NON_TEXT)


def test_an_invalid_map_still_gets_file_line_and_hint(tmp_path: Path) -> None:
    source = ROOT / "examples/seed-shop/maps/seed-shop.en.yaml"
    lines = source.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("severity:"))
    lines[number] = lines[number].split("severity:")[0] + "severity: hgh"
    broken = tmp_path / "broken.yaml"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(MapError) as caught:
        load_document(broken)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(broken), number + 1)
    assert "'hgh'" in problem.message
    assert problem.hint
    assert "critical" in problem.hint


def test_a_clean_map_is_read_without_ruamel_until_an_edit_needs_it() -> None:
    document = load_document(ROOT / "examples/seed-shop/maps/seed-shop.en.yaml")
    assert document._data is None
    assert document.data["id"] == document.model.id
    assert document._data is not None


RUSSIAN_WORDS = """\
journeymap: 1
id: shop
title: Магазин мебели
language: ru
stages:
  - id: choice
    name: Выбор
    touchpoints: [showroom]
    barriers:
      - id: no-stock
        text: Нет в наличии
        severity: критично
        evidence: [интервью, {source: опрос, note: 12 из 40}]
        solutions:
          - {text: Показывать остатки, status: в работе}
    kpis:
      - {id: visits, name: Визиты, direction: снижение, target: 25%}
touchpoints:
  - id: showroom
    name: Шоурум
    kind: офлайн
    bindings: [{channel: сайт}]
"""


def test_russian_words_for_values_read_the_same_on_both_paths() -> None:
    quick = _parse_clean_map(RUSSIAN_WORDS)
    careful = _parse_map_carefully(RUSSIAN_WORDS, "-")
    assert quick is not None
    assert quick.model == careful.model
    barrier = quick.model.stages[0].barriers[0]
    assert (barrier.severity, quick.model.touchpoints[0].kind) == ("critical", "offline")
    assert quick.model.stages[0].kpis[0].target == 0.25
