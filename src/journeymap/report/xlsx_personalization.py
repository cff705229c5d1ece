"""The personalization section as an XLSX sheet: per stage the recommended items with their
reasons, then the offline quality; the same data as `ReportData.personalization`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.styles import Font

from journeymap.i18n import gettext, use_language
from journeymap.report.personalization_html import reason_text

if TYPE_CHECKING:
    from openpyxl import Workbook

    from journeymap.report.personalization_section import PersonalizationSection


def personalization_sheet(book: Workbook, section: PersonalizationSection, language: str) -> None:
    """Add the sheet (its words in `language`)."""
    with use_language(language):
        sheet = book.create_sheet(gettext("Personalization"))
        rows: list[list[object]] = []
        if section.simulated:
            rows.append(
                [gettext("Simulated data: these items were picked by simulated customers.")]
            )
        header: list[object] = [
            gettext("Stage"),
            "#",
            "id",
            gettext("Recommended items"),
            gettext("Why"),
        ]
        rows.append(header)
        bold = [len(rows)]
        for stage in section.stages:
            name = section.stage_names.get(stage.stage, stage.stage)
            for rank, item in enumerate(stage.items, start=1):
                reason = reason_text(item, section.stage_names)
                rows.append([name, rank, item.item, item.title, reason])
        rows.append([])
        if section.quality:
            rows.append([gettext("Offline quality, split: {split}", split=section.split or "")])
            k = section.k
            bold.append(len(rows) + 1)
            rows.append(
                [
                    gettext("Model"),
                    f"NDCG@{k}",
                    f"Recall@{k}",
                    gettext("Catalog coverage"),
                    gettext("Test persons"),
                ]
            )
            rows += [
                [q["name"], q["ndcg"], q["recall"], q["coverage"], q["test_persons"]]
                for q in section.quality
            ]
        elif section.note:
            rows.append([gettext("Offline quality not measured: {reason}", reason=section.note)])
    for values in rows:
        sheet.append(values)
    for number in bold:  # 1-based rows of the two headers
        for cell in sheet[number]:
            cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (24, 6, 28, 48, 40), strict=True):
        sheet.column_dimensions[letter].width = width
