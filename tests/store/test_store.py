"""Opening stores from URLs, connections and workspaces; tables; migrations."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import pytest

from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.model.workspace import load_workspace
from journeymap.store import LATEST_VERSION, TABLES, Store, StoreError, store_stats
from journeymap.store.migrations import migrate
from journeymap.store.url import parse_store_url


def test_memory_store_has_every_table_at_the_latest_version() -> None:
    with Store.open("duckdb://:memory:") as store:
        assert set(TABLES) <= set(store.backend.list_tables())
        assert store.schema_version == LATEST_VERSION
        schema = store.events().schema()
        assert list(schema.names) == list(EVENTS_SCHEMA.names)
        for name, dtype in EVENTS_SCHEMA.items():
            assert schema[name].is_timestamp() == dtype.is_timestamp()
            assert schema[name].is_string() == dtype.is_string()
        assert store.engine == "duckdb"


def test_file_store_is_created_with_its_folder_and_reopened(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "store.duckdb"
    with Store.open(f"duckdb://{path}") as store:
        store.duckdb.execute("INSERT INTO identities VALUES ('u1', 'user', 'u1')")
    assert path.is_file()
    with Store.open(path) as again:
        assert again.duckdb.execute("SELECT count(*) FROM identities").fetchone() == (1,)
        assert again.schema_version == LATEST_VERSION


def test_store_from_existing_connections() -> None:
    connection = duckdb.connect()
    with Store.open(connection) as store:
        assert store.duckdb is connection
    assert "events" in {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    backend = ibis.duckdb.connect()
    with Store.open(backend) as store:
        assert store.backend is backend
        assert store.table("persons").count().to_pyarrow().as_py() == 0


def test_workspace_store_url_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "journeymap.toml").write_text('name = "t"\n', encoding="utf-8")
    with Store.open(load_workspace(tmp_path)) as store:
        assert store.url.endswith(".journeymap/store.duckdb")
    monkeypatch.chdir(tmp_path)
    with Store.open() as store:
        assert (tmp_path / ".journeymap" / "store.duckdb").is_file()
        assert store.schema_version == LATEST_VERSION


def test_no_workspace_and_no_url_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="--store"):
        Store.open()


@pytest.mark.parametrize(
    ("url", "engine", "detail"),
    [
        ("duckdb://:memory:", "duckdb", ":memory:"),
        ("duckdb:///tmp/x.duckdb", "duckdb", "/tmp/x.duckdb"),
        ("events.duckdb", "duckdb", "events.duckdb"),
        ("pyspark://local[2]", "pyspark", "local[2]"),
        ("pyspark:///data/warehouse?database=shop", "pyspark", "/data/warehouse"),
    ],
)
def test_store_urls(url: str, engine: str, detail: str) -> None:
    parsed = parse_store_url(url)
    assert parsed.engine == engine
    assert detail in {parsed.path, parsed.master, parsed.warehouse}


@pytest.mark.parametrize("url", ["mysql://x", "just-a-name"])
def test_unknown_store_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError, match="duckdb://"):
        parse_store_url(url)


def test_unknown_table_name_is_refused() -> None:
    with Store.open("duckdb://:memory:") as store, pytest.raises(StoreError, match="events"):
        store.table("nope")


def test_old_store_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(path))
    migrate(ibis.duckdb.from_connection(connection), target=1)
    tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
    assert "events" in tables
    assert "identity_merges" not in tables
    assert connection.execute("SELECT max(version) FROM schema_version").fetchone() == (1,)
    connection.close()
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION == 6
        tables = set(store.backend.list_tables())
        assert {"identity_merges", "trait_history", "profiles", "profile_runs", "costs"} <= tables
        assert {"automation_states", "automation_sends"} <= tables
        versions = store.duckdb.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        assert versions == [(1,), (2,), (3,), (4,), (5,), (6,)]


def test_store_newer_than_the_code_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with Store.open(path) as store:
        store.duckdb.execute("INSERT INTO schema_version VALUES (99, 'future', now()::TIMESTAMP)")
    with pytest.raises(StoreError, match=r"version 99.*upgrade journeymap"):
        Store.open(path)


def test_stats_of_an_empty_store() -> None:
    with Store.open("duckdb://:memory:") as store:
        stats = store_stats(store)
    assert stats["events"] == 0
    assert stats["persons"] == 0
    assert stats["quarantined"] == {"total": 0, "by_reason": {}}
    assert stats["event_names"] == {}
    assert stats["first_timestamp"] is None
    assert stats["imports"] == []
