"""The content catalog: what can be recommended, read from the workspace's `content/` folder.

`load_catalog(workspace)` reads every catalog file under `content/` (YAML, CSV, Parquet; see
`catalog_files` for the formats), validates each item (`CatalogItem`) and returns a `Catalog`,
or raises `CatalogError` listing every problem found with file:line and a hint, as map files do.
Item ids are unique across the whole folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from journeymap.i18n import gettext as _
from journeymap.model.problems import MapError, Problem, format_path, location
from journeymap.model.references import closest
from journeymap.model.workspace import Workspace
from journeymap.personalize.catalog_files import (
    CATALOG_SUFFIXES,
    NotACatalogFileError,
    Record,
    read_records,
)
from journeymap.personalize.catalog_item import ITEM_TYPES, CatalogItem

FIELDS = tuple(CatalogItem.model_fields)


class CatalogError(MapError):
    """The catalog cannot be loaded; `problems` says every reason found, with file:line."""


@dataclass(frozen=True)
class Catalog:
    items: dict[str, CatalogItem] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    """Item id -> `file:line` where it is written."""
    files: list[Path] = field(default_factory=list)
    """The catalog files read."""
    skipped: list[Path] = field(default_factory=list)
    """YAML files of `content/` that hold other content (no `items:` list)."""

    def __len__(self) -> int:
        return len(self.items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items

    def __iter__(self) -> Iterator[CatalogItem]:
        return iter(self.items.values())

    def get(self, item_id: str) -> CatalogItem | None:
        return self.items.get(item_id)

    def categories(self) -> dict[str, str]:
        """Item id -> category, for items that have one."""
        return {i.id: i.category for i in self.items.values() if i.category is not None}


def content_folder(workspace: Workspace | Path) -> Path:
    if isinstance(workspace, Workspace):
        return workspace.root / workspace.config.content
    return Path(workspace)


def catalog_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in CATALOG_SUFFIXES
    )


def load_catalog(workspace: Workspace | Path) -> Catalog:
    """The catalog of a workspace (or of a content folder); empty when there is none."""
    folder = content_folder(workspace)
    catalog = Catalog()
    problems: list[Problem] = []
    for path in catalog_files(folder):
        try:
            records, unreadable = read_records(path)
        except NotACatalogFileError:
            catalog.skipped.append(path)
            continue
        catalog.files.append(path)
        problems += unreadable
        for record in records:
            problems += _add(catalog, record)
    if problems:
        raise CatalogError(problems)
    return catalog


def _add(catalog: Catalog, record: Record) -> list[Problem]:
    if "__not_a_mapping__" in record.data:
        return [
            Problem(
                _("an item must be a mapping (id:, type:, title:, ...)"),
                file=record.file,
                line=record.line,
                hint=_("write each item as `- id: ...` with its keys below it"),
            )
        ]
    if "__extra_cells__" in record.data:
        return [
            Problem(_("the row has more cells than the header"), file=record.file, line=record.line)
        ]
    try:
        item = CatalogItem.model_validate(record.data)
    except ValidationError as exc:
        return [_problem(error, record) for error in exc.errors()]
    first = catalog.origins.get(item.id)
    if first is not None:
        return [
            Problem(
                _("duplicate item id '{id}' (first written at {first})", id=item.id, first=first),
                path="id",
                file=record.file,
                line=record.line,
                hint=_("item ids are unique across every file of content/"),
            )
        ]
    catalog.items[item.id] = item
    catalog.origins[item.id] = location(record.file, record.line, None)
    return []


def _problem(error: ErrorDetails, record: Record) -> Problem:
    loc = tuple(error["loc"])
    line, column = record.locate(loc)
    message, hint = _explain(error, loc)
    return Problem(
        message,
        path=format_path(loc),
        file=record.file,
        line=line or record.line,
        column=column,
        hint=hint,
    )


def _explain(error: ErrorDetails, loc: tuple[str | int, ...]) -> tuple[str, str | None]:
    kind = error["type"]
    value: Any = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        guess = closest(key, FIELDS)
        hint = f"did you mean '{guess}'?" if guess else "put your own keys under `properties`"
        return f"unknown key '{key}'", hint
    if kind == "missing":
        return f"'{loc[-1]}' is required", f"add `{loc[-1]}` to the item"
    if kind == "literal_error":
        return f"{value!r} is not an item type", f"use one of: {', '.join(ITEM_TYPES)}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a language code", "use a two-letter code such as en or ru"
    if kind.startswith("date"):
        return f"{value!r} is not a date", "write dates as YYYY-MM-DD"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{message} (got {value!r})" if kind != "value_error" else message, None
