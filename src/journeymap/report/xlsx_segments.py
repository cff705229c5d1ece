"""The report's segmentations as XLSX tables: one sheet per segmentation, a row per segment value
and stage, with the same numbers as `ReportData.segmentations`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from journeymap.i18n import pgettext, use_language
from journeymap.report.segments_section import Segmentation

SHEET_NAME_LIMIT = 31
"""Excel's longest sheet name; `: \\ / ? * [ ]` are not allowed in one."""
PERCENT_COLUMNS = (6, 8)
"""1-based columns holding shares: conversion to next, drop-off share."""


def segment_labels(language: str) -> dict[str, str]:
    """The words of the segment sheets in `language` (from the message catalog)."""
    with use_language(language):
        return {
            "segments_sheet": pgettext("spreadsheet", "Segments"),
            "segment_value": pgettext("spreadsheet", "Segment"),
            "segment_persons": pgettext("spreadsheet", "Persons in segment"),
            "converted": pgettext("spreadsheet", "Converted to next"),
            "q_value": pgettext("spreadsheet", "q (conversion vs the rest)"),
            "differs": pgettext("spreadsheet", "Differs (q < 0.05)"),
        }


@dataclass(frozen=True)
class SegmentSheet:
    name: str
    header: list[str]
    rows: list[list[Any]]


def segment_sheets(
    found: Iterable[Segmentation], labels: Mapping[str, str], taken: Iterable[str]
) -> list[SegmentSheet]:
    """One table per segmentation; `labels` holds the report's and `segment_labels` words,
    `taken` the sheet names already in the workbook."""
    used = {name.lower() for name in taken}
    header = [
        labels["segment_value"],
        labels["segment_persons"],
        labels["stage"],
        labels["reach"],
        labels["converted"],
        labels["conversion_next"],
        labels["drop_off"],
        labels["drop_off_share"],
        labels["median_seconds"],
        labels["q_value"],
        labels["differs"],
    ]
    sheets = []
    for segmentation in found:
        name = _sheet_name(f"{labels['segments_sheet']} {segmentation.by}", used)
        used.add(name.lower())
        rows = [
            [
                value.value,
                value.persons,
                s.stage,
                s.persons,
                s.converted_to_next,
                s.conversion_to_next,
                s.drop_off,
                s.drop_off_share,
                s.median_seconds,
                s.q_value,
                s.differs,
            ]
            for value in segmentation.values
            for s in value.stages
        ]
        sheets.append(SegmentSheet(name, header, rows))
    return sheets


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[:\\/?*\[\]]+", " ", text).strip()[:SHEET_NAME_LIMIT]
    name, number = base, 2
    while name.lower() in used:
        suffix = f" {number}"
        name, number = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, number + 1
    return name
