"""Reading an Arrow stream ahead in a thread (`batch_prefetch`): the batches in order, the
producer's errors raised in the caller, and no thread left behind however the block ends."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest

from journeymap.analytics.batch_prefetch import prefetched

SCHEMA = pa.schema([("x", pa.int64())])


def numbered(count: int | None, *, fail_at: int | None = None) -> Iterator[pa.RecordBatch]:
    """Batches [0], [1], ... (`count` of them, or without end), failing at `fail_at`."""
    for k in itertools.count() if count is None else range(count):
        if k == fail_at:
            raise ValueError(f"broken at {k}")
        yield pa.record_batch([pa.array([k])], schema=SCHEMA)


class Stream:
    """A record batch reader's two methods that `prefetched` uses, recording `close`."""

    def __init__(self, batches: Iterator[pa.RecordBatch]) -> None:
        self.reader = pa.RecordBatchReader.from_batches(SCHEMA, batches)
        self.closed = False

    def read_next_batch(self) -> pa.RecordBatch:
        assert not self.closed, "read after close"
        return self.reader.read_next_batch()

    def close(self) -> None:
        self.closed = True
        self.reader.close()


def stream(batches: Iterator[pa.RecordBatch]) -> Any:
    return Stream(batches)


def prefetching() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "journeymap-batch-prefetch"]


def test_the_batches_come_in_order_and_the_thread_ends() -> None:
    reader = stream(numbered(50))
    with prefetched(reader, ahead=3) as batches:
        seen = [batch.column(0)[0].as_py() for batch in batches]
    assert seen == list(range(50))
    assert not prefetching()
    assert reader.closed


def test_leaving_early_stops_an_endless_producer_and_closes_the_stream() -> None:
    reader = stream(numbered(None))  # would fill the queue and wait there for ever
    with prefetched(reader, ahead=2) as batches:
        first = next(batches)
    assert first.column(0)[0].as_py() == 0
    assert not prefetching()
    assert reader.closed


def test_an_error_of_the_producer_is_raised_in_the_caller() -> None:
    reader = stream(numbered(10, fail_at=4))
    seen: list[int] = []
    with pytest.raises(ValueError, match="broken at 4"), prefetched(reader, ahead=2) as batches:
        seen.extend(batch.column(0)[0].as_py() for batch in batches)
    assert seen == [0, 1, 2, 3]
    assert not prefetching()


def test_an_error_of_the_caller_stops_the_producer() -> None:
    reader = stream(numbered(None))

    def fails() -> None:
        with prefetched(reader, ahead=2) as batches:
            next(batches)
            raise KeyError("caller")

    with pytest.raises(KeyError):
        fails()
    assert not prefetching()
    assert reader.closed
