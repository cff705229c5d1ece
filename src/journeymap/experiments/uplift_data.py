"""From a table with one row per unit to the arrays an uplift model needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from journeymap.experiments.columns import is_binary, numeric_column, require_columns
from journeymap.experiments.errors import ExperimentInputError, ExperimentUsageError
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class UpliftData:
    features: npt.NDArray[np.float64]
    feature_names: list[str]
    target: npt.NDArray[np.float64]
    treatment: npt.NDArray[np.float64]
    left_out: int
    """Rows neither treated nor control (another variant), left out and counted."""


def _flags(
    frame: pd.DataFrame, treatment: str, treated: str | None, control: str | None
) -> pd.Series:
    """1 treated, 0 control, NaN for rows of other variants."""
    import pandas as pd

    column = frame[treatment]
    if treated is None and control is None:
        values = pd.to_numeric(column, errors="coerce")
        if not is_binary(values) or values.isna().any():
            raise ExperimentInputError(
                _("treatment column {name} is not 0/1", name=repr(treatment)),
                hint=_("name the treated and control values with --treated and --control"),
            )
        return values
    labels = column.astype(str)
    present = set(labels.unique())
    for value in (treated, control):
        if value is not None and value not in present:
            raise ExperimentUsageError(
                _("no value {value} in column {name}", value=repr(value), name=repr(treatment)),
                hint=_("values: {values}", values=", ".join(sorted(present))),
            )
    flags = labels.map(lambda v: 1.0 if v == treated else 0.0 if v == control else np.nan)
    if treated is None:
        flags = flags.fillna(1.0)
    if control is None:
        flags = flags.fillna(0.0)
    return flags.astype(float)


def uplift_data(
    frame: pd.DataFrame,
    *,
    treatment: str,
    target: str,
    treated: str | None = None,
    control: str | None = None,
    features: list[str] | None = None,
) -> UpliftData:
    """Features (text columns one-hot encoded), the 0/1 target and the 0/1 treatment flag.

    Without `features`, every other column is a feature. With `treated` / `control` the
    treatment column holds labels; rows with any other label are left out and counted."""
    import pandas as pd

    require_columns(frame, [treatment, target, *(features or [])])
    flags = _flags(frame, treatment, treated, control)
    kept = frame[flags.notna()]
    flags = flags[flags.notna()]
    if flags.nunique() < 2:
        raise ExperimentInputError(
            _("column {name} has no treated or no control rows", name=repr(treatment)),
            hint=_("an uplift model needs both groups"),
        )
    outcome = numeric_column(kept, target)
    if outcome.isna().any() or not is_binary(outcome):
        raise ExperimentInputError(
            _("target column {name} must be 0/1 in every row", name=repr(target)),
        )
    names = features or [c for c in frame.columns if c not in (treatment, target)]
    table = kept[names]
    if table.isna().any().any():
        bad = [str(c) for c in table.columns if table[c].isna().any()]
        raise ExperimentInputError(
            _("feature columns with empty cells: {names}", names=", ".join(bad)),
            hint=_("fill them or leave those columns out with --feature"),
        )
    text = [c for c in names if not pd.api.types.is_numeric_dtype(table[c])]
    encoded = pd.get_dummies(table, columns=text, dtype=float)
    return UpliftData(
        features=encoded.to_numpy(dtype=float),
        feature_names=[str(c) for c in encoded.columns],
        target=outcome.to_numpy(dtype=float),
        treatment=flags.to_numpy(dtype=float),
        left_out=len(frame) - len(kept),
    )
