"""A failure in the middle of a file leaves the store exactly as it was before that file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journeymap.events import commit, xes_import
from journeymap.events.ingest import ingest_file
from journeymap.events.options import IngestOptions
from journeymap.store import Store
from tests.events.conftest import count, snapshot, write_jsonl
from tests.events.test_xes_import import LOG


def _seed(store: Store, tmp_path: Path) -> None:
    ingest_file(
        store,
        write_jsonl(
            tmp_path / "seed.jsonl",
            [
                {
                    "type": "identify",
                    "anonymousId": "a1",
                    "userId": "u1",
                    "timestamp": "2024-01-01T00:00:00Z",
                    "traits": {"plan": "free"},
                }
            ],
        ),
    )


def test_failure_while_writing_rolls_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(store, tmp_path)
    before, imports = snapshot(store), count(store, "imports")

    def crash(*_: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(commit, "refresh_persons", crash)
    path = write_jsonl(
        tmp_path / "more.jsonl",
        [
            {"type": "alias", "previousId": "a7", "userId": "u1", "timestamp": "2024-01-02"},
            {"type": "track", "event": "X", "anonymousId": "a7", "timestamp": "2024-01-03"},
            "{bad json",
        ],
    )
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_file(store, path)
    assert snapshot(store) == before
    assert count(store, "imports") == imports
    monkeypatch.undo()
    assert ingest_file(store, path).rows_stored == 2


def test_failure_while_reading_leaves_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(store, tmp_path)
    before = snapshot(store)
    real_stage = xes_import._stage
    calls: list[int] = []

    def stage_then_crash(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("connection to the file share lost")
        real_stage(*args)

    monkeypatch.setattr(xes_import, "_stage", stage_then_crash)
    path = tmp_path / "log.xes"
    path.write_text(LOG, encoding="utf-8")
    with pytest.raises(OSError, match="file share"):
        ingest_file(store, path, IngestOptions(chunk_rows=1))
    assert len(calls) == 2
    assert snapshot(store) == before
