"""Store URLs: `duckdb://PATH`, `duckdb://:memory:`, `pyspark://MASTER` or `pyspark://WAREHOUSE`.

A DuckDB URL may carry DuckDB settings as query parameters, passed to the connection as they
are (DuckDB checks the names and values): `duckdb://store.duckdb?memory_limit=4GB&threads=2`
keeps analyses of data larger than memory within 4 GB, spilling to `temp_directory`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from journeymap.i18n import gettext
from journeymap.store.errors import StoreError

SPARK_MASTER_PREFIXES = ("local", "spark:", "yarn", "k8s:", "mesos:")


@dataclass(frozen=True)
class StoreUrl:
    engine: str  # duckdb | pyspark
    path: str | None = None  # DuckDB file or ":memory:"
    master: str | None = None  # Spark master
    warehouse: str | None = None  # Spark warehouse folder (Parquet files of the tables)
    database: str | None = None  # Spark database (namespace) holding the tables
    settings: tuple[tuple[str, str], ...] = ()  # DuckDB configuration (memory_limit, threads...)


def parse_store_url(url: str) -> StoreUrl:
    """Parse a store URL; a bare path ending in `.duckdb` or `.db` means a DuckDB file."""
    if "://" not in url:
        if url == ":memory:" or url.endswith((".duckdb", ".db")):
            return StoreUrl("duckdb", path=url)
        raise StoreError(
            gettext(
                "unknown store URL {url!r}: use duckdb://PATH, duckdb://:memory: or pyspark://...",
                url=url,
            )
        )
    scheme, rest = url.split("://", 1)
    if scheme == "duckdb":
        target, _, query = rest.partition("?")
        settings = tuple((key, values[-1]) for key, values in parse_qs(query).items())
        return StoreUrl("duckdb", path=target or ":memory:", settings=settings)
    if scheme in ("pyspark", "spark"):
        target, _, query = rest.partition("?")
        params = {key: values[-1] for key, values in parse_qs(query).items()}
        if not target or target.startswith(SPARK_MASTER_PREFIXES):
            master = target or "local[*]"
            warehouse = params.get("warehouse")
        else:
            master = params.get("master", "local[*]")
            warehouse = str(Path(target).resolve())
        return StoreUrl(
            "pyspark", master=master, warehouse=warehouse, database=params.get("database")
        )
    raise StoreError(
        gettext(
            "unknown store engine {scheme!r} in {url!r}: use duckdb:// or pyspark://",
            scheme=scheme,
            url=url,
        )
    )
