"""Map edits on plain data, and saving them: comments kept, conflicts refused, history kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model import load_map
from journeymap.model import map_edits as edits
from journeymap.model.map_history import (
    EditConflictError,
    apply_edit,
    version_text,
    version_token,
    versions,
)
from journeymap.model.map_undo import undo

MAP = """\
journeymap: 1
id: shop
title: Shop  # the title people see
personas:
  - {id: ann, name: Ann}
stages:
  # the first stage
  - id: look
    name: Look
  - id: buy
    name: Buy
"""


def _data() -> edits.MapData:
    return {"personas": [{"id": "ann", "name": "Ann"}], "stages": [{"id": "look", "name": "L"}]}


def test_ids_are_slugs_of_the_name_and_unique() -> None:
    data = _data()
    assert edits.add_stage(data, "Оплата заказа") == "oplata-zakaza"
    assert edits.add_stage(data, "Оплата заказа") == "oplata-zakaza-2"
    assert edits.save_persona(data, None, name="Ann") == "ann-2"


def test_bad_edits_say_what_is_wrong() -> None:
    data = _data()
    with pytest.raises(edits.EditError, match=r"-2\.\.\+2"):
        edits.set_emotion(data, "look", "ann", 3, "")
    with pytest.raises(edits.EditError, match="nope"):
        edits.set_emotion(data, "nope", "ann", 1, "")
    with pytest.raises(edits.EditError, match="empty"):
        edits.add_stage(data, "   ")


def test_an_edit_keeps_the_comments_and_records_history(tmp_path: Path) -> None:
    path = tmp_path / "maps" / "shop.yaml"
    path.parent.mkdir()
    path.write_text(MAP, encoding="utf-8")

    def change(data: edits.MapData) -> None:
        edits.set_emotion(data, "buy", "ann", -1, "worried")
        barrier = edits.add_barrier(data, "buy", "No card payment", "high")
        edits.add_solution(data, "buy", barrier, "Accept cards", "payments team")

    apply_edit(tmp_path, path, version_token(MAP), change, "anna")
    text = path.read_text(encoding="utf-8")
    assert "title: Shop  # the title people see" in text
    assert "  # the first stage" in text
    assert "ann: {score: -1, label: worried}" in text
    stage = load_map(path).stage("buy")
    assert stage.barriers[0].solutions[0].owner == "payments team"
    saved = versions(tmp_path, path)
    assert [v.author for v in saved] == ["anna", "file"]
    assert version_text(tmp_path, path, saved[-1].name) == MAP


def test_a_stale_token_is_a_conflict_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(MAP, encoding="utf-8")
    with pytest.raises(EditConflictError):
        apply_edit(tmp_path, path, "0" * 16, lambda d: edits.add_stage(d, "X"), "anna")
    assert path.read_text(encoding="utf-8") == MAP
    assert versions(tmp_path, path) == []


def test_undo_steps_back_one_change_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(MAP, encoding="utf-8")
    assert undo(tmp_path, path, version_token(MAP), "anna") is None  # no history yet
    texts = [MAP]
    for name in ("Pay", "Wait"):
        token = version_token(texts[-1])
        apply_edit(tmp_path, path, token, lambda d, n=name: edits.add_stage(d, n), "anna")
        texts.append(path.read_text(encoding="utf-8"))
    undo(tmp_path, path, version_token(texts[2]), "anna")
    assert path.read_text(encoding="utf-8") == texts[1]
    with pytest.raises(EditConflictError):  # a page from before the undo
        undo(tmp_path, path, version_token(texts[2]), "anna")
    undo(tmp_path, path, version_token(texts[1]), "anna")
    assert path.read_text(encoding="utf-8") == MAP
    assert undo(tmp_path, path, version_token(MAP), "anna") is None  # back at the start


def test_of_two_simultaneous_edits_from_one_version_exactly_one_is_saved(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "shop.yaml"
    path.write_text(MAP, encoding="utf-8")
    token = version_token(MAP)

    def save(name: str) -> str:
        try:
            apply_edit(tmp_path, path, token, lambda d: edits.add_stage(d, name), name)
        except EditConflictError:
            return "conflict"
        return "saved"

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(save, ["Alpha", "Beta"]))
    assert results == ["conflict", "saved"]
    names = [s.name for s in load_map(path).stages]
    assert ("Alpha" in names) != ("Beta" in names)
