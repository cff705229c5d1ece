"""Cell values of cost exports: text encodings, numbers with decimal commas, Russian dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

_MONTHS: Final[dict[str, int]] = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "май": 5, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})(?:\s*г\.?)?$")
_ENGLISH_WORD_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def decode(data: bytes) -> str:
    """Text of an export: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def parse_number(text: str, *, decimal_comma: bool) -> float:
    """`"1 234,56"` and `"1,234.56"` -> 1234.56; `"-"` and empty -> 0. ValueError otherwise."""
    value = _SPACES.sub("", text.strip()).replace("₽", "").replace("$", "").replace("€", "")
    value = value.removesuffix("%")
    if value in ("", "-", "—", "--"):
        return 0.0
    if "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            value = value.replace(".", "").replace(",", ".")
        else:
            value = value.replace(",", "")
    elif "," in value:
        value = value.replace(",", ".") if decimal_comma else value.replace(",", "")
    return float(value)


def parse_day(text: str) -> dt.date:
    """A day written as ISO, `07.12.2026`, `7 декабря 2026 г.`, `Dec 7, 2026` or `12/07/2026`.

    A slash date is read month first (US exports of Google and Meta); ValueError otherwise."""
    value = text.strip()
    head = value[:10]
    for form in ("%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%Y/%m/%d", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(head if form != "%d.%m.%y" else value, form).date()
        except ValueError:
            continue
    words = _WORD_DATE.match(value.lower())
    if words:
        month = _MONTHS.get(words.group(2)[:3])
        if month:
            return dt.date(int(words.group(3)), month, int(words.group(1)))
    english = _ENGLISH_WORD_DATE.match(value)
    if english:
        month = _MONTHS.get(english.group(1)[:3].lower())
        if month:
            return dt.date(int(english.group(3)), month, int(english.group(2)))
    raise ValueError(value)
