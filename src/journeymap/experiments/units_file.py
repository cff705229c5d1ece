"""Reading a table of units (one row per person: variant, metrics, covariates) from a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.experiments.errors import ExperimentInputError, ExperimentUsageError
from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    import pandas as pd


def read_units(path: str | Path) -> pd.DataFrame:
    """A CSV (or Parquet, by its suffix) with a header row; every row one unit."""
    import pandas as pd

    file = Path(path)
    if not file.is_file():
        raise ExperimentUsageError(_("no such file: {path}", path=str(file)))
    try:
        if file.suffix.lower() == ".parquet":
            return pd.read_parquet(file)
        return pd.read_csv(file)
    except (ValueError, OSError, pd.errors.ParserError) as error:
        raise ExperimentInputError(
            _("cannot read {path}: {reason}", path=str(file), reason=str(error).strip()),
            hint=_("give a CSV file with a header row, one row per unit"),
        ) from error
