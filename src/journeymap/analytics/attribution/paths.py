"""Touch tables from aggregated paths (`"A > B > C"`, conversions, value, nulls).

A *touch table* is the common input of every attribution model. One row per touch:

| column | meaning |
|---|---|
| `journey` | id of the journey (one conversion, or one path of the aggregated table) |
| `position` | 0-based index of the touch in its journey |
| `n_touches` | number of touches of the journey |
| `label` | channel or touchpoint of the touch |
| `age` | how long before the journey's end the touch happened (days or steps) |
| `conversions`, `value`, `nulls` | the journey's conversions, value and non-converting count |

Journey-level columns repeat on every touch of the journey.
"""

from __future__ import annotations

import csv
from pathlib import Path

import ibis

from journeymap.i18n import gettext as _

PATH_SEPARATOR = ">"
TOUCH_COLUMNS = (
    "journey",
    "position",
    "n_touches",
    "label",
    "age",
    "conversions",
    "value",
    "nulls",
)
# Column names used by the ChannelAttribution package's example data, read as ours.
_ALIASES = {
    "total_conversions": "conversions",
    "total_conversion_value": "value",
    "total_null": "nulls",
}


def read_paths_file(path: str | Path) -> ibis.Table:
    """Read a CSV of aggregated paths (`;` or `,` separated) as an in-memory Ibis table.

    Columns: `path` and `conversions`, optionally `value` and `nulls` (ChannelAttribution's
    `total_conversions`, `total_conversion_value`, `total_null` are accepted too).
    """
    file = Path(path)
    with file.open(encoding="utf-8", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.DictReader(handle, delimiter=delimiter)
        fields = [_ALIASES.get(name.strip(), name.strip()) for name in reader.fieldnames or []]
        missing = {"path", "conversions"} - set(fields)
        if missing:
            raise ValueError(
                _(
                    "{file}: missing column(s) {missing}; expected path, conversions[, value, "
                    "nulls]",
                    file=file,
                    missing=", ".join(sorted(missing)),
                )
            )
        columns: dict[str, list[object]] = {"path": [], "conversions": [], "value": [], "nulls": []}
        for line, row in enumerate(reader, start=2):
            record = {_ALIASES.get(k.strip(), k.strip()): v for k, v in row.items() if k}
            try:
                columns["path"].append(str(record["path"]))
                columns["conversions"].append(float(record["conversions"] or 0))
                columns["value"].append(float(record.get("value") or 0))
                columns["nulls"].append(float(record.get("nulls") or 0))
            except ValueError as exc:
                raise ValueError(_("{file}:{line}: {exc}", file=file, line=line, exc=exc)) from exc
    schema = {"path": "string", "conversions": "float64", "value": "float64", "nulls": "float64"}
    return ibis.memtable(columns, schema=schema)


def touches_from_paths(paths: ibis.Table, *, separator: str = PATH_SEPARATOR) -> ibis.Table:
    """Explode aggregated paths into a touch table; `age` counts steps before the path's end."""
    present = set(paths.columns)
    missing = {"path", "conversions"} - present
    if missing:
        raise ValueError(
            _("paths table lacks column(s): {missing}", missing=", ".join(sorted(missing)))
        )
    zero = ibis.literal(0.0)
    numbered = paths.mutate(
        journey=ibis.row_number().over(order_by=[paths.path, paths.conversions]).cast("string"),
        conversions=paths.conversions.cast("float64"),
        value=paths.value.cast("float64") if "value" in present else zero,
        nulls=paths.nulls.cast("float64") if "nulls" in present else zero,
        _parts=paths.path.split(separator),
    )
    numbered = numbered.mutate(n_touches=numbered._parts.length().cast("int64"))
    exploded = numbered.unnest("_parts", offset="position")
    return exploded.select(
        journey=exploded.journey,
        position=exploded.position.cast("int64"),
        n_touches=exploded.n_touches,
        label=exploded._parts.strip(),
        age=(exploded.n_touches - 1 - exploded.position).cast("float64"),
        conversions=exploded.conversions.coalesce(0.0),
        value=exploded.value.coalesce(0.0),
        nulls=exploded.nulls.coalesce(0.0),
    )
