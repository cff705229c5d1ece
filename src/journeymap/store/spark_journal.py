"""All-or-nothing writes to a Spark store: stage every table's change, then commit by journal.

Parquet tables have no transactions, and one import changes several tables. So a writer first
writes everything it changes under `_jm_staging/<write id>/`: whole new versions of the tables
it rewrites, and the new files of the tables it only appends to. Nothing a reader sees has
changed yet, and a failure up to here leaves the store as it was (the staging folder is removed).

The commit point is one atomic rename: the journal `_jm_journal/<write id>.json`, listing the
moves, appears complete or not at all. The moves are then made (each one is a rename, and
repeating the list is harmless), the journal is removed, and the tables are refreshed. A process
that dies after the commit point leaves the journal behind; the next `Store.open` finishes it
(`recover`), so the write is either entirely there or entirely absent. Readers in other processes
may see a half-moved store only during the few renames of a commit.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Final

from journeymap.store.spark_tables import (
    database_location,
    hadoop_fs,
    is_registered,
    refresh_table,
)
from journeymap.store.tables import TABLES

STAGING: Final = "_jm_staging"
JOURNAL: Final = "_jm_journal"


@dataclass
class SparkWrite:
    """One staged write to the store of `session` (see the module)."""

    session: Any
    write_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    replaced: list[str] = field(default_factory=list)
    appended: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def root(self) -> str:
        return f"{database_location(self.session)}/{STAGING}/{self.write_id}"

    def folder(self, name: str) -> str:
        """A staging folder for intermediate results of this write."""
        return f"{self.root}/{name}"

    def replace(self, table: str, frame: Any, partition: str | None = None) -> None:
        """Stage `frame` as the whole new content of `table`."""
        _write(frame, f"{self.root}/replace/{table}", partition)
        self.replaced.append(table)

    def append(self, table: str, frame: Any, partition: str | None = None) -> Any:
        """Stage `frame` as rows added to `table`; returns the staged rows as a DataFrame."""
        target = f"{self.root}/append/{table}"
        _write(frame, target, partition)
        self.appended.append(table)
        return self.session.read.schema(frame.schema).parquet(target)

    def commit(self) -> None:
        """Make every staged change visible (see the module)."""
        location = database_location(self.session)
        moves = [[f"{self.root}/replace/{t}", f"{location}/{t}"] for t in self.replaced]
        appends = [[f"{self.root}/append/{t}", f"{location}/{t}"] for t in self.appended]
        text = json.dumps({"replace": moves, "append": appends})
        journal = f"{location}/{JOURNAL}/{self.write_id}.json"
        _write_text(self.session, journal + ".tmp", text)
        fs, temporary = hadoop_fs(self.session, journal + ".tmp")
        fs.rename(temporary, hadoop_fs(self.session, journal)[1])  # the commit point
        self.committed = True
        _apply(self.session, journal)
        for table in {*self.replaced, *self.appended}:
            refresh_table(self.session, table)

    def discard(self) -> None:
        """Remove what was staged (nothing once committed: the journal's moves need it)."""
        if self.committed:
            return
        fs, path = hadoop_fs(self.session, self.root)
        fs.delete(path, True)


def _write(frame: Any, target: str, partition: str | None) -> None:
    if partition is not None:
        # one file per partition value and write: without it every task writes a file into
        # every date it holds (tasks x dates small files, each moved one by one on commit)
        frame = frame.repartition(partition)
    writer = frame.write.mode("overwrite").format("parquet")
    if partition is not None:
        writer = writer.partitionBy(partition)
    writer.save(target)


def _write_text(session: Any, uri: str, text: str) -> None:
    fs, path = hadoop_fs(session, uri)
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def _read_text(session: Any, uri: str) -> str:
    jvm = session._jvm
    fs, path = hadoop_fs(session, uri)
    stream = fs.open(path)
    try:
        data = jvm.org.apache.commons.io.IOUtils.toByteArray(stream)
    finally:
        stream.close()
    return bytes(data).decode("utf-8")


def _data_files(fs: Any, folder: Any) -> list[Any]:
    """Every data file under `folder` (Spark's `_SUCCESS` and hidden files skipped)."""
    found = []
    files = fs.listFiles(folder, True)
    while files.hasNext():
        path = files.next().getPath()
        if not path.getName().startswith(("_", ".")):
            found.append(path)
    return found


def _apply(session: Any, journal: str) -> None:
    """Make the moves of a committed journal (again: each step checks what is done)."""
    jvm = session._jvm
    plan = json.loads(_read_text(session, journal))
    for source, target in plan["replace"]:
        fs, staged = hadoop_fs(session, source)
        if not fs.exists(staged):
            continue  # moved by an earlier, interrupted run
        table = jvm.org.apache.hadoop.fs.Path(target)
        old = jvm.org.apache.hadoop.fs.Path(source + ".old")
        if fs.exists(table):
            fs.delete(old, True)
            fs.rename(table, old)
        fs.rename(staged, table)
        fs.delete(old, True)
    for source, target in plan["append"]:
        fs, staged = hadoop_fs(session, source)
        if not fs.exists(staged):
            continue
        base = len(staged.toUri().getPath().rstrip("/")) + 1
        for path in _data_files(fs, staged):
            relative = path.toUri().getPath()[base:]
            destination = jvm.org.apache.hadoop.fs.Path(f"{target}/{relative}")
            fs.mkdirs(destination.getParent())
            fs.rename(path, destination)
        fs.delete(staged, True)
    fs, path = hadoop_fs(session, journal)
    fs.delete(path, False)
    root = journal.rsplit("/", 2)[0] + f"/{STAGING}/" + path.getName().removesuffix(".json")
    staging_fs, staging = hadoop_fs(session, root)
    staging_fs.delete(staging, True)


def recover(session: Any) -> None:
    """Finish the writes committed by a process that died.

    Staging of uncommitted writes is left alone: it may belong to a write running right now in
    another process (a writer removes its own staging when it fails)."""
    location = database_location(session)
    fs, journals = hadoop_fs(session, f"{location}/{JOURNAL}")
    if not fs.exists(journals):
        return
    finished = False
    for status in fs.listStatus(journals):
        name = status.getPath().getName()
        if name.endswith(".json"):
            _apply(session, f"{location}/{JOURNAL}/{name}")
            finished = True
    if finished:
        for table in TABLES:
            if is_registered(session, table):
                refresh_table(session, table)
