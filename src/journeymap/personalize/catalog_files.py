"""Reading catalog files into records that remember where each value was written.

- YAML (`.yaml`, `.yml`): a list of items, or a mapping with an `items:` list. A YAML file with
  neither is other content (policies, messages) and is not part of the catalog.
- CSV (`.csv`, UTF-8, header row): one item per row; empty cells are unset; the list fields
  (`tags`, `region`, `device`, `stages`, `about`) hold values separated by `;`; a column named
  `properties.KEY` fills `properties`.
- Parquet (`.parquet`): one item per row, columns as in CSV (list columns may be real lists).

Line numbers are 1-based: the line of the item in YAML, the line a CSV row starts on, and the
row number (first row 1) in Parquet.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from journeymap.i18n import gettext
from journeymap.model.problems import Problem
from journeymap.model.yamlio import parse_yaml, position, to_plain
from journeymap.personalize.catalog_item import LIST_FIELDS

YAML_SUFFIXES = (".yaml", ".yml")
CATALOG_SUFFIXES = (*YAML_SUFFIXES, ".csv", ".parquet")
PROPERTY_PREFIX = "properties."
NUMBER = re.compile(r"-?\d+(\.\d+)?")

Locate = Callable[[tuple[str | int, ...]], tuple[int | None, int | None]]


@dataclass(frozen=True)
class Record:
    """One item as written, before validation."""

    data: dict[str, Any]
    file: str
    line: int
    locate: Locate
    """Field path inside the item -> (line, column) of that value, as near as known."""


class NotACatalogFileError(Exception):
    """A YAML file of `content/` that holds other content than items."""


def read_records(path: Path) -> tuple[list[Record], list[Problem]]:
    """The item records of one catalog file, and the problems that stop reading it."""
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return _yaml_records(path)
    if suffix == ".csv":
        return _csv_records(path)
    return _parquet_records(path)


def _yaml_records(path: Path) -> tuple[list[Record], list[Problem]]:
    file = str(path)
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return [], [
            Problem(
                gettext("invalid YAML: {message}", message=message),
                file=file,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                hint=gettext("check indentation; quote values that contain ': '"),
            )
        ]
    except (YAMLError, UnicodeDecodeError) as exc:
        return [], [
            Problem(
                gettext("cannot read: {exc}", exc=exc),
                file=file,
                line=1,
                hint=gettext("save it as UTF-8 YAML"),
            )
        ]
    prefix: tuple[str | int, ...] = ()
    if isinstance(data, CommentedMap) and "items" in data:
        items, prefix = data["items"], ("items",)
    elif isinstance(data, CommentedSeq):
        items = data
    else:
        raise NotACatalogFileError(file)
    if not isinstance(items, CommentedSeq):
        _, line, column = position(data, prefix)
        return [], [
            Problem(gettext("'items' must be a list of items"), file=file, line=line, column=column)
        ]
    records = []
    for index, item in enumerate(items):
        where = (*prefix, index)
        _, line, _ = position(data, where)

        def locate(loc: tuple[str | int, ...], where: tuple[str | int, ...] = where) -> Any:
            _, line, column = position(data, (*where, *loc), key=True)
            return line, column

        plain = to_plain(item)
        if not isinstance(plain, dict):
            records.append(Record({"__not_a_mapping__": plain}, file, line or 1, locate))
        else:
            records.append(Record(plain, file, line or 1, locate))
    return records, []


def _csv_records(path: Path) -> tuple[list[Record], list[Problem]]:
    file = str(path)
    records = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            start = 2
            for row in reader:
                line = start

                def locate(loc: tuple[str | int, ...], line: int = line) -> Any:
                    return line, None

                records.append(Record(_row_item(row), file, line, locate))
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        return [], [
            Problem(
                gettext("not UTF-8 text ({reason})", reason=exc.reason),
                file=file,
                line=1,
                hint=gettext("save as UTF-8"),
            )
        ]
    except csv.Error as exc:
        return [], [Problem(gettext("invalid CSV: {exc}", exc=exc), file=file, line=1)]
    return records, []


def _parquet_records(path: Path) -> tuple[list[Record], list[Problem]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = str(path)
    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, pa.ArrowException) as exc:
        return [], [Problem(gettext("cannot read Parquet: {exc}", exc=exc), file=file, line=1)]
    records = []
    for number, row in enumerate(rows, start=1):

        def locate(loc: tuple[str | int, ...], line: int = number) -> Any:
            return line, None

        records.append(Record(_row_item(row), file, number, locate))
    return records, []


def _number_or_text(value: Any) -> Any:
    """CSV cells are text: a property cell written as a number is read as one."""
    if not isinstance(value, str) or not NUMBER.fullmatch(value.strip()):
        return value
    number = float(value)
    return int(number) if number.is_integer() and "." not in value else number


def _row_item(row: dict[str | None, Any]) -> dict[str, Any]:
    """A CSV or Parquet row as item data: empty cells unset, lists split, properties nested."""
    item: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for key, value in row.items():
        if key is None:  # a CSV row with more cells than the header
            item["__extra_cells__"] = value
            continue
        name = key.strip()
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if name.startswith(PROPERTY_PREFIX):
            properties[name.removeprefix(PROPERTY_PREFIX)] = _number_or_text(value)
        elif name in LIST_FIELDS and isinstance(value, str):
            item[name] = [part.strip() for part in value.split(";") if part.strip()]
        else:
            item[name] = value
    if properties:
        item["properties"] = properties
    return item
