"""Train/test splits by time, so that a model is always tested on the future.

- `per_person_split` (the default): each person's last `test_fraction` of interactions, in
  time order, is their test set; only persons with at least `min_interactions` take part in the
  test (all interactions of the others stay in training).
- `global_time_split`: everything after one moment (the `1 - test_fraction` quantile of all
  timestamps) is test. Realistic for a deployment, but on data sets where persons are active
  over short periods few test persons have any history: on ml-latest-small an 80/20 cut leaves
  only 28 test users with training interactions; the rest can only get a fallback.

Ties in time are broken by item id, the same way everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from journeymap.i18n import gettext as _
from journeymap.personalize.interactions import InteractionsError, validate


@dataclass(frozen=True)
class Split:
    """Training interactions and the held-out ones."""

    train: pd.DataFrame
    test: pd.DataFrame
    method: str

    @property
    def test_persons(self) -> list[str]:
        return sorted(self.test["person"].unique())


def _ordered(interactions: pd.DataFrame) -> pd.DataFrame:
    frame = validate(interactions)
    return frame.sort_values(["person", "timestamp", "item"], kind="stable", ignore_index=True)


def per_person_split(
    interactions: pd.DataFrame, *, test_fraction: float = 0.2, min_interactions: int = 5
) -> Split:
    """Each eligible person's last `test_fraction` (rounded up, at least 1) goes to test."""
    if not 0 < test_fraction < 1:
        raise InteractionsError(_("test_fraction must be between 0 and 1"))
    frame = _ordered(interactions)
    sizes = frame.groupby("person", sort=False)["item"].transform("size").to_numpy()
    position = frame.groupby("person", sort=False).cumcount().to_numpy()
    held = np.ceil(sizes * test_fraction - 1e-9).astype(np.int64)
    is_test = (sizes >= min_interactions) & (position >= sizes - held)
    return Split(
        train=frame[~is_test].reset_index(drop=True),
        test=frame[is_test].reset_index(drop=True),
        method=f"per person, last {test_fraction:.0%} by time, persons with >= "
        f"{min_interactions} interactions",
    )


def global_time_split(interactions: pd.DataFrame, *, test_fraction: float = 0.2) -> Split:
    """Everything at or after the `1 - test_fraction` quantile of timestamps is test."""
    if not 0 < test_fraction < 1:
        raise InteractionsError(_("test_fraction must be between 0 and 1"))
    frame = _ordered(interactions)
    times = np.sort(frame["timestamp"].to_numpy())
    cut = times[min(len(times) - 1, math.floor(len(times) * (1 - test_fraction)))]
    is_test = frame["timestamp"].to_numpy() >= cut
    return Split(
        train=frame[~is_test].reset_index(drop=True),
        test=frame[is_test].reset_index(drop=True),
        method=f"global time cut at {pd.Timestamp(cut).isoformat()} ({test_fraction:.0%} test)",
    )
