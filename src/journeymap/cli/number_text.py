"""Signed numbers and p-values written the way the current language writes them.

English output stays as Python's format specs wrote it (`+1.5`, `+12.5%`, `0.0412`); Russian
gets the decimal comma and its percent sign (`+1,5`, `+12,5 %`, `0,0412`).
"""

from __future__ import annotations

from journeymap.i18n import format_number, format_percent


def _sign(value: float) -> str:
    return "-" if value < 0 else "+"


def signed_number(value: float, *, decimals: int = 1) -> str:
    """`+1.5`, `-0.3` (`f"{value:+.1f}"` in the current language)."""
    return _sign(value) + format_number(abs(value), decimals=decimals)


def signed_points(share: float) -> str:
    """A difference of two shares in percentage points with its sign: `+1.5` (0.015)."""
    return signed_number(share * 100, decimals=1)


def signed_percent(ratio: float, *, decimals: int = 1) -> str:
    """`+12.5%` (`f"{ratio:+.1%}"` in the current language)."""
    return _sign(ratio) + format_percent(abs(ratio), decimals=decimals)


def significant(value: float) -> str:
    """Three significant digits, as `f"{value:.3g}"` (a p-value or q-value); scientific
    notation, nan and inf stay as Python writes them."""
    text = f"{value:.3g}"
    if "e" in text or "n" in text:  # 1e-05, nan, inf
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    return format_number(float(text), decimals=decimals)
