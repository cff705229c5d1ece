"""Fixtures for ingestion tests: a fresh in-memory store and a way to compare store contents."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journeymap.store import Store

CONTENT_TABLES = (
    "events",
    "persons",
    "identities",
    "identity_merges",
    "trait_history",
    "quarantine",
)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open("duckdb://:memory:") as opened:
        yield opened


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every content table (imports is a log and grows on each run)."""
    return {
        name: sorted(store.duckdb.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
        for name in CONTENT_TABLES
    }


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return store.duckdb.execute(sql).fetchall()


def count(store: Store, table: str) -> int:
    return int(rows(store, f"SELECT count(*) FROM {table}")[0][0])


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
        encoding="utf-8",
    )
    return path
