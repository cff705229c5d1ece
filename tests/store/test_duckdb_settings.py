"""DuckDB settings in a store URL reach the connection; a misspelt one is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeymap.model.workspace import Workspace, WorkspaceConfig
from journeymap.store import Store
from journeymap.store.errors import StoreError
from journeymap.store.url import parse_store_url


def test_query_parameters_become_settings() -> None:
    parsed = parse_store_url("duckdb://data/store.duckdb?memory_limit=2GB&threads=1")
    assert parsed.path == "data/store.duckdb"
    assert dict(parsed.settings) == {"memory_limit": "2GB", "threads": "1"}
    assert parse_store_url("duckdb://data/store.duckdb").settings == ()


def test_settings_apply_to_the_store(tmp_path: Path) -> None:
    spill = tmp_path / "spill"
    store = Store.open(
        f"duckdb://{tmp_path / 's.duckdb'}?memory_limit=1GB&threads=1&temp_directory={spill}"
    )
    try:
        fetched = store.duckdb.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads'), "
            "current_setting('temp_directory')"
        ).fetchone()
    finally:
        store.close()
    assert fetched is not None
    limit, threads, temp = fetched
    assert limit.endswith("MiB")
    assert float(limit.split()[0]) < 1024
    assert int(threads) == 1
    assert temp == str(spill)


def test_unknown_setting_names_the_option(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="memory_limt"):
        Store.open(f"duckdb://{tmp_path / 's.duckdb'}?memory_limt=1GB")


def test_workspace_store_keeps_its_settings(tmp_path: Path) -> None:
    config = WorkspaceConfig(store="duckdb://.journeymap/store.duckdb?memory_limit=2GB")
    url = Workspace(tmp_path, config).store_url
    assert url == f"duckdb://{tmp_path.resolve()}/.journeymap/store.duckdb?memory_limit=2GB"
