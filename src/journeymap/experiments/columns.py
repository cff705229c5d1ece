"""Checks on the columns of an experiment table, with messages for the user."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from journeymap.experiments.errors import ExperimentInputError, ExperimentUsageError
from journeymap.i18n import gettext as _
from journeymap.i18n import ngettext

if TYPE_CHECKING:
    import pandas as pd


def require_columns(frame: pd.DataFrame, names: list[str]) -> None:
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ExperimentUsageError(
            _("no column {names} in the data", names=", ".join(repr(n) for n in missing)),
            hint=_("columns: {columns}", columns=", ".join(map(str, frame.columns))),
        )


def numeric_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The column as floats; missing cells stay NaN, anything else non-numeric is an error."""
    import pandas as pd

    column = frame[name]
    if column.dtype == bool:
        return column.astype(float)
    converted = pd.to_numeric(column, errors="coerce")
    bad = converted.isna() & column.notna()
    if bad.any():
        first = column[bad].iloc[0]
        raise ExperimentInputError(
            ngettext(
                "column {name} is not numeric: {count} value such as {value}",
                "column {name} is not numeric: {count} values such as {value}",
                int(bad.sum()),
                name=repr(name),
                count=int(bad.sum()),
                value=repr(str(first)),
            ),
            hint=_("metrics and covariates must be numbers (0/1 for conversions)"),
        )
    return converted.astype(float)


def is_binary(values: pd.Series) -> bool:
    present = values.dropna().to_numpy()
    return bool(present.size) and bool(np.isin(present, (0.0, 1.0)).all())
