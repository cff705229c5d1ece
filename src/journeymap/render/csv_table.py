"""CSV: the map grid as rows (lane, then one column per stage), UTF-8 with BOM for Excel."""

from __future__ import annotations

import csv
import io

from journeymap.model import JourneyMap
from journeymap.render.grid import grid_rows
from journeymap.render.labels import labels_for

CSV_ENCODING = "utf-8-sig"
"""The BOM makes Excel read Cyrillic correctly when the file is double-clicked."""


def render_csv_text(journey: JourneyMap, *, language: str | None = None) -> str:
    labels = labels_for(language or journey.language)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([labels["lane"], *(stage.name for stage in journey.stages)])
    for row in grid_rows(journey, labels):
        writer.writerow([row.label, *row.texts(labels)])
    return out.getvalue()


def render_csv(journey: JourneyMap, *, language: str | None = None) -> bytes:
    return render_csv_text(journey, language=language).encode(CSV_ENCODING)
