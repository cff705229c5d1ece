"""Spool and loader: durable appends, sealing, and exactly-once loading across crashes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from journeymap.service.collect import prepare_batch
from journeymap.service.loader import Loader
from journeymap.service.spool import OPEN_SUFFIX, SpoolWriter, ready_files, seal
from journeymap.store import Store


def _events(n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {
            "type": "track",
            "event": "Viewed",
            "userId": f"u{i % 7}",
            "messageId": f"m{i}",
            "timestamp": "2026-01-01T00:00:00Z",
            "context": {"ip": "10.1.2.3"},
        }
        for i in range(start, start + n)
    ]


def _spool(folder: Path, events: list[dict[str, object]]) -> None:
    writer = SpoolWriter(folder, max_bytes=4096, max_seconds=60)
    for start in range(0, len(events), 10):  # one request per 10 events
        prepared = prepare_batch(
            events[start : start + 10], received_at="2026-01-01T00:00:01Z", store_ip=False
        )
        writer.append(prepared.lines)
    writer.close()


def _count(
    store: Store, sql: str = "SELECT count(*), count(DISTINCT message_id) FROM events"
) -> tuple[int, ...]:
    row = store.duckdb.execute(sql).fetchone()
    assert row is not None
    return tuple(row)


def test_spooled_events_load_once_and_lose_the_ip(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    _spool(spool, _events(50))
    assert len(ready_files(spool)) > 1  # rotated by size
    with Store.open(f"duckdb://{tmp_path / 's.duckdb'}") as store:
        Loader(store.url, spool).run_once(store)
        assert _count(store) == (50, 50)
        assert not ready_files(spool)
        contexts = store.duckdb.execute(
            "SELECT count(*) FROM events WHERE context LIKE '%10.1.2.3%'"
        )
        assert contexts.fetchone() == (0,)


def test_crash_between_commit_and_delete_replays_without_duplicates(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    _spool(spool, _events(30))
    files = ready_files(spool)
    copies = {f: f.read_bytes() for f in files}
    with Store.open(f"duckdb://{tmp_path / 's.duckdb'}") as store:
        Loader(store.url, spool).run_once(store)
        for path, data in copies.items():  # as if the loader died before deleting the files
            path.write_bytes(data)
        _spool(spool, _events(10, start=25))  # a client retry overlapping 5 events
        Loader(store.url, spool).run_once(store)
        assert _count(store) == (35, 35)


def test_torn_last_line_of_a_dead_writer_is_cut(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    lines = prepare_batch(_events(3), received_at="2026-01-01T00:00:01Z", store_ip=False).lines
    torn = spool / f"00000000000000000001-host-1-1{OPEN_SUFFIX}"
    torn.write_bytes(b"".join(lines) + lines[0][:20])
    ready = seal(torn)
    assert ready.read_bytes().count(b"\n") == 3
    assert all(json.loads(line) for line in ready.read_bytes().splitlines())


def test_bad_events_in_a_batch_are_quarantined_with_reasons(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    bad: list[object] = [{"type": "track", "userId": "u1"}, 5, {"type": "nope", "userId": "x"}]
    writer = SpoolWriter(spool, max_bytes=1 << 20, max_seconds=60)
    prepared = prepare_batch(
        [*_events(2), *bad], received_at="2026-01-01T00:00:01Z", store_ip=False
    )
    assert (prepared.accepted, len(prepared.quarantined)) == (2, 3)
    assert prepared.quarantined[0].field == "batch[2].event"
    writer.append(prepared.lines)
    writer.close()
    with Store.open(f"duckdb://{tmp_path / 's.duckdb'}") as store:
        loader = Loader(store.url, spool)
        loader.run_once(store)
        assert _count(store) == (2, 2)
        reasons = store.duckdb.execute(
            "SELECT reason FROM quarantine ORDER BY row_number"
        ).fetchall()
        assert [r[0].split(":")[0] for r in reasons] == [
            "batch[2].event",
            "batch[3]",
            "batch[4].type",
        ]
        for file in ready_files(spool):
            os.utime(file)
        (spool / "x.jsonl").write_bytes(b"".join(prepared.lines))  # replayed: nothing added
        loader.run_once(store)
        assert _count(store, "SELECT count(*) FROM quarantine") == (3,)
