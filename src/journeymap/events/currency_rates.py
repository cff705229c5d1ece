"""A rates file: what one unit of each currency is worth in one target currency.

The user writes it (no network): CSV or TSV with a header `currency,rate,to` (Russian headers
`валюта,курс,в` too), one line per currency, decimal commas allowed:

    currency,rate,to
    USD,92.5,RUB
    EUR,"100,1",RUB

Every line converts into the same `to` currency. Used by `costs import --rates` (costs stored
converted), `analyze roi --rates`, and `[costs] rates` in journeymap.toml (report and KPIs).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.events.costs_values import decode, parse_number
from journeymap.i18n import gettext as _

_HEADERS = {
    "currency": "currency", "валюта": "currency", "from": "currency",
    "rate": "rate", "курс": "rate",
    "to": "to", "в": "to", "target": "to",
}  # fmt: skip


class CurrencyError(ValueError):
    """Amounts in several currencies with no rate to bring them into one."""

    def __init__(self, message: str, currencies: Iterable[str]) -> None:
        self.currencies = sorted(set(currencies))
        super().__init__(message)


def normalize_currency(code: str) -> str:
    """`" rub "` -> `"RUB"`; `руб`, `₽` and `RUR` are the rouble's ISO code."""
    text = code.strip().upper().rstrip(".")
    return {"РУБ": "RUB", "₽": "RUB", "RUR": "RUB", "$": "USD", "€": "EUR"}.get(text, text)


@dataclass(frozen=True)
class Rates:
    """`to_target[c]`: units of `target` that one unit of currency `c` is worth."""

    target: str
    to_target: Mapping[str, float] = field(default_factory=dict)

    def rate(self, currency: str | None) -> float:
        """Factor that converts an amount in `currency` (None: already the target's)."""
        if currency is None or normalize_currency(currency) == self.target:
            return 1.0
        code = normalize_currency(currency)
        if code not in self.to_target:
            raise CurrencyError(
                _(
                    "no rate for {code} into {target} in the rates file; add a line "
                    "`{code},RATE,{target}`",
                    code=code,
                    target=self.target,
                ),
                [code],
            )
        return self.to_target[code]

    def covers(self, currencies: Iterable[str]) -> None:
        """CurrencyError naming the currencies the rates cannot convert."""
        missing = sorted(
            code
            for code in {normalize_currency(c) for c in currencies}
            if code != self.target and code not in self.to_target
        )
        if missing:
            raise CurrencyError(
                _(
                    "no rate into {target} for {missing} in the rates file",
                    target=self.target,
                    missing=", ".join(missing),
                ),
                missing,
            )


def read_rates(path: str | Path) -> Rates:
    """The rates of a file (see the module); CurrencyError names the line that does not read."""
    text = decode(Path(path).read_bytes())
    dialect = ";" if text.split("\n", 1)[0].count(";") else "\t" if "\t" in text else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=dialect))
    header = [_HEADERS.get(cell.strip().lower(), "") for cell in rows[0]] if rows else []
    if not {"currency", "rate", "to"} <= set(header):
        raise CurrencyError(_("{path}: the header must be currency,rate,to", path=path), [])
    at = {name: header.index(name) for name in ("currency", "rate", "to")}
    targets: set[str] = set()
    found: dict[str, float] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            code = normalize_currency(row[at["currency"]])
            rate = parse_number(row[at["rate"]], decimal_comma=True)
            targets.add(normalize_currency(row[at["to"]]))
        except (IndexError, ValueError):
            raise CurrencyError(
                _("{path}:{line}: expected currency,rate,to", path=path, line=line), []
            ) from None
        if rate <= 0 or not code:
            raise CurrencyError(
                _("{path}:{line}: a rate must be a positive number", path=path, line=line), [code]
            )
        found[code] = rate
    if len(targets) != 1:
        raise CurrencyError(
            _(
                "{path}: every line must convert into one currency, not {targets}",
                path=path,
                targets=", ".join(sorted(targets)),
            ),
            targets,
        )
    return Rates(targets.pop(), found)
