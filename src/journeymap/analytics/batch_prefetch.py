"""Read an Arrow stream ahead in a thread, so the engine makes the next batches while the
caller works on the last ones.

DuckDB produces a streamed result only when asked for the next batch, and the caller's array
work (numpy, Arrow compute) holds one core while the engine waits: on 10M simulated events, the
ordered funnel (`funnel_arrays`) spent 0.7 s in numpy and as long again waiting for DuckDB, one
after the other. A producer thread reading the stream into a bounded queue overlaps the two
(both release the GIL in their loops). The thread never outlives the `prefetched` block: on
the way out, normal or not, it is told to stop, the queue is drained so it is not left blocked
on a full queue, it is joined, and only then is the stream closed (never while the thread is
in the middle of reading it). An error of the producer is raised in the caller.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import pyarrow as pa

AHEAD = 8  # batches read ahead (DuckDB's are a row group's worth: 8 are about 0.6M rows)
_END = object()  # the stream is done


@contextmanager
def prefetched(
    reader: pa.RecordBatchReader, ahead: int = AHEAD
) -> Iterator[Iterator[pa.RecordBatch]]:
    """The batches of `reader`, read up to `ahead` batches in advance by a thread that ends,
    and a `reader` that is closed, when the block does."""
    found: queue.Queue[object] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def produce() -> None:
        try:
            while not stop.is_set():
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                found.put(batch)
        except BaseException as error:  # handed to the consuming thread
            found.put(error)
            return
        found.put(_END)

    thread = threading.Thread(target=produce, name="journeymap-batch-prefetch", daemon=True)
    thread.start()
    try:
        yield _consumed(found)
    finally:
        stop.set()
        while thread.is_alive():  # a producer blocked on the full queue gets its room
            try:
                found.get(timeout=0.01)
            except queue.Empty:
                continue
        thread.join()
        reader.close()


def _consumed(found: queue.Queue[object]) -> Iterator[pa.RecordBatch]:
    while True:
        item = found.get()
        if item is _END:
            return
        if isinstance(item, BaseException):
            raise item
        yield cast("pa.RecordBatch", item)
