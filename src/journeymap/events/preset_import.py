"""Importing a vendor export (CSV, TSV or XLSX) through a preset: Yandex Metrica, AppMetrica,
amoCRM, Bitrix24, or a team's own CRM (`--preset NAME|PATH`, see `presets`).

The file is read whole (these exports are small next to event logs) in its own encoding and
separator, each row gives the events its preset names, and the rows go to the staging table;
the shared pipeline then quarantines, dedupes and stitches them as for any other format.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Final

import duckdb
import pyarrow as pa

from journeymap.events.errors import IngestError
from journeymap.events.metrica_import import metrica_events
from journeymap.events.options import IngestOptions
from journeymap.events.preset_rows import (
    Row,
    Staged,
    header_keys,
    make_row,
    rest_columns,
    row_events,
)
from journeymap.events.presets import Preset, detect_preset, resolve_preset, zone_for
from journeymap.events.progress import Progress
from journeymap.events.sources import size_of
from journeymap.events.staging import STAGE, STAGE_COLUMNS
from journeymap.events.vendor_text import read_table
from journeymap.i18n import gettext as _

Handler = Callable[[Row, list[Staged], Preset, IngestOptions], list[Staged]]
HANDLERS: Final[dict[str, Handler]] = {"metrica": metrica_events}
"""Vendor formats whose rows give events a table of columns cannot describe."""
_OBJECTS: Final = ("properties", "context", "traits")
STAGE_VIEW: Final = "jm_preset_rows"


def choose_preset(header: list[str], options: IngestOptions, path: Path) -> Preset:
    if options.preset is not None:
        return resolve_preset(options.preset)
    preset = detect_preset(header)
    if preset is None:
        raise IngestError(
            _(
                "{file} matches no built-in preset (Yandex Metrica, AppMetrica, amoCRM, "
                "Bitrix24): pass --preset NAME|PATH (see docs/sources.md)",
                file=path.name,
            )
        )
    return preset


def with_mapping(
    preset: Preset, header: list[str], options: IngestOptions, file: str = ""
) -> Preset:
    """The preset with the columns `--person`, `--anonymous`, `--time`, `--channel`, `--id` and
    `--event` name instead of its own (a renamed column of a known export)."""
    mapping = options.mapping
    given = mapping.explicit()
    present = {h.strip().lower() for h in header}
    for column in given.values():
        if column.lower() not in present:
            raise IngestError(
                _(
                    "no column {column} in {file}; its columns: {columns}",
                    column=column,
                    file=file or preset.name,
                    columns=", ".join(header),
                )
            )
    if mapping.properties:
        raise IngestError(_("--property does not apply with a preset: name them in the preset"))
    rules = tuple(
        replace(
            rule,
            time=(given["time"],) if "time" in given else rule.time,
            id="{" + given["id"] + "}" if "id" in given else rule.id,
            name="{" + given["event"] + "}" if "event" in given and rule.name else rule.name,
        )
        for rule in preset.events
    )
    return replace(
        preset,
        user_id=(given["person"],) if "person" in given else preset.user_id,
        anonymous_id=(given["anonymous"],) if "anonymous" in given else preset.anonymous_id,
        channel_columns=(given["channel"],) if "channel" in given else preset.channel_columns,
        events=rules,
    )


def _raw(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="").writerow(values)
    return out.getvalue()


def _as_table(staged: list[Staged]) -> pa.Table:
    columns: dict[str, list[object]] = {name: [] for name in STAGE_COLUMNS}
    for event in staged:
        for name in STAGE_COLUMNS:
            value = event.get(name)
            if name in _OBJECTS and value is not None:
                value = json.dumps(value, ensure_ascii=False)
            columns[name].append(value)
    return pa.table(
        {
            name: pa.array(values, pa.int64() if name == "row_number" else pa.string())
            for name, values in columns.items()
        }
    )


def load_preset(
    con: duckdb.DuckDBPyConnection, path: Path, options: IngestOptions, progress: Progress
) -> list[str]:
    table = read_table(path)
    if not table.header:
        return []
    chosen = choose_preset(table.header, options, path)
    preset = with_mapping(chosen, table.header, options, path.name)
    zone = zone_for(preset, options)
    handler = HANDLERS.get(preset.handler or "")
    keys = header_keys(table.header)
    rest = rest_columns(table.header, preset)
    staged: list[Staged] = []
    for index, values in enumerate(table.rows, start=2):  # line 1 is the header
        row = make_row(index, keys, values, _raw(values))
        events = row_events(row, rest, preset, zone)
        if len(values) > len(table.header) and any(v.strip() for v in values[len(table.header) :]):
            for event in events:
                event["reason"] = event["reason"] or "malformed row: more cells than columns"
        staged.extend(handler(row, events, preset, options) if handler else events)
    con.register(STAGE_VIEW, _as_table(staged))
    try:
        names = ", ".join(STAGE_COLUMNS)
        con.execute(f"INSERT INTO {STAGE} ({names}) SELECT {names} FROM {STAGE_VIEW}")  # noqa: S608 - SQL text from our constants
    finally:
        con.unregister(STAGE_VIEW)
    progress(size_of(path), len(table.rows))
    return [
        _(
            "read with preset {preset} ({encoding}, dates in {zone})",
            preset=preset.name,
            encoding=table.encoding,
            zone=zone,
        )
    ]
