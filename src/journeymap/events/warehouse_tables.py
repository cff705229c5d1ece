"""The tables of a Segment warehouse export folder, however the sync or an unload wrote them.

Recognised layouts (mixed freely in one folder):
- one file per table: `tracks.csv`, `order_completed.parquet`, `pages.csv.gz`;
- schema-qualified names: `shop_prod.tracks.csv` (the part before the last dot is the table);
- shards of one table: `tracks-000000000000.csv`, `tracks-000000000001.csv` (BigQuery's
  wildcard export), or `tracks_0000_part_00.parquet` (Redshift UNLOAD);
- a subfolder per table: `tracks/part-00000.parquet`, `order_completed/2024-05-01.csv`.

Table names are compared as Segment writes them (snake_case): `Order Completed.csv` and
`order_completed.csv` are the same table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from journeymap.events.csv_import import sniff_delimiter
from journeymap.events.sources import head_bytes

SUFFIXES: Final = (".csv", ".tsv", ".txt", ".parquet", ".pq")
_SLUG = re.compile(r"[^a-z0-9]+")
_SHARD = re.compile(r"(-\d{6,}|_\d{4}_part_\d+|_part_\d+|-part-\d+)$")


def slug(name: str) -> str:
    return _SLUG.sub("_", name.lower()).strip("_")


@dataclass(frozen=True)
class WarehouseTable:
    name: str
    files: tuple[Path, ...]

    @property
    def is_parquet(self) -> bool:
        return head_bytes(self.files[0], 4).startswith(b"PAR1")

    def source_sql(self) -> str:
        """A DuckDB relation reading every file of the table (columns united by name)."""
        paths = "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in self.files) + "]"
        if self.is_parquet:
            return f"read_parquet({paths}, union_by_name=true)"
        delimiter = sniff_delimiter(self.files[0], "csv").replace("'", "''")
        return (
            f"read_csv({paths}, header=true, all_varchar=true, delim='{delimiter}',"
            " quote='\"', escape='\"', union_by_name=true)"
        )


def _data_file(path: Path) -> bool:
    if not path.is_file() or path.name.startswith((".", "_")):
        return False
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in SUFFIXES


def _table_name(file: Path) -> str:
    stem = file.name
    while Path(stem).suffix.lower() in (*SUFFIXES, ".gz"):
        stem = Path(stem).stem
    stem = stem.rsplit(".", 1)[-1]  # `schema.table`
    return slug(_SHARD.sub("", stem))


def warehouse_tables(folder: Path) -> dict[str, WarehouseTable]:
    """The tables of `folder`, by snake_case name, each with its files in name order."""
    found: dict[str, list[Path]] = {}
    for child in sorted(folder.iterdir()):
        if child.is_dir():
            files = sorted(p for p in child.rglob("*") if _data_file(p))
            if files:
                found.setdefault(slug(child.name), []).extend(files)
        elif _data_file(child):
            found.setdefault(_table_name(child), []).append(child)
    return {name: WarehouseTable(name, tuple(files)) for name, files in found.items()}
