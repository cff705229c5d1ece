"""Print setup shared by every journeymap workbook (the map's and the living report's).

Landscape A4, as wide as one page and as many pages down as needed, the header rows (and the
lane column of the map) repeated on each page, narrow margins, and the title with the page number
in the footer. `journeymap render --format xlsx` and `journeymap report --format xlsx` both call
`print_setup` on each sheet, so the two print alike.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from journeymap.i18n import default_language
from journeymap.i18n import gettext as _

MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6, "header": 0.2, "footer": 0.25}
"""Print margins in inches: narrow, leaving room for the footer."""
FOOTER_SIZE = 8


def page_footer(title: str, language: str | None) -> str:
    """ "{title}, page &P of &N" in `language` (`&` doubled: it starts a footer code)."""
    with default_language(language):
        return _("{title}, page &P of &N", title=title.replace("&", "&&"))


def print_setup(
    sheet: Worksheet, footer: str, *, title_rows: int = 1, title_columns: int = 0
) -> None:
    """Set up `sheet` for printing; the first `title_rows` rows (and `title_columns` columns)
    repeat on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    if title_columns:
        sheet.print_title_cols = f"A:{get_column_letter(title_columns)}"
    sheet.page_margins = PageMargins(**MARGINS)
    sheet.print_options.horizontalCentered = True
    footer_item = sheet.oddFooter
    assert footer_item is not None  # openpyxl creates the header and footer of every sheet
    footer_item.center.text = footer
    footer_item.center.size = FOOTER_SIZE
