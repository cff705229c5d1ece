"""Rule-based attribution models, computed per touch in Ibis.

Every converting journey hands out exactly one unit of credit (times its conversions and value):

- `first_touch`: all credit to position 0.
- `last_touch`: all credit to the last touch.
- `linear`: 1/n to each of the n touches.
- `position_based`: 40 % to the first and 40 % to the last touch, the remaining 20 % split evenly
  over the touches in between; a journey of one touch gives it 100 %, of two touches 50/50.
- `time_decay`: weight 2^(-age / half_life), normalized within the journey, where `age` is the
  time from the touch to the conversion (days for event data, steps for aggregated paths).
"""

from __future__ import annotations

import math
from typing import Any

import ibis

from journeymap.analytics.option_names import HEURISTIC_MODELS
from journeymap.i18n import gettext as _


def touch_weights(
    touches: ibis.Table,
    model: str,
    *,
    half_life: float = 1.0,
    first_share: float = 0.4,
    last_share: float = 0.4,
) -> ibis.Table:
    """The touch table with a `weight` column; weights of one journey sum to 1."""
    n = touches.n_touches
    i = touches.position
    weight: Any
    if model == "first_touch":
        weight = (i == 0).ifelse(1.0, 0.0)
    elif model == "last_touch":
        weight = (i == n - 1).ifelse(1.0, 0.0)
    elif model == "linear":
        weight = 1.0 / n.cast("float64")
    elif model == "position_based":
        middle = 1.0 - first_share - last_share
        weight = ibis.cases(
            (n == 1, 1.0),
            (n == 2, (i == 0).ifelse(first_share, last_share) / (first_share + last_share)),
            (i == 0, first_share),
            (i == n - 1, last_share),
            else_=middle / (n - 2).cast("float64"),
        )
    elif model == "time_decay":
        if half_life <= 0:
            raise ValueError(_("half_life must be positive"))
        journey = ibis.window(group_by=touches.journey)
        # Relative to the journey's newest touch, so old journeys do not underflow to 0/0.
        age = touches.age - touches.age.min().over(journey)
        with_raw = touches.mutate(_raw=(-age * (math.log(2.0) / half_life)).exp())
        return with_raw.mutate(
            weight=with_raw._raw / with_raw._raw.sum().over(ibis.window(group_by=with_raw.journey))
        ).drop("_raw")
    else:
        raise ValueError(
            _(
                "unknown heuristic model {model!r}; known: {heuristic_models}",
                model=model,
                heuristic_models=", ".join(HEURISTIC_MODELS),
            )
        )
    return touches.mutate(weight=weight.cast("float64"))


def credit_by_label(weighted: ibis.Table) -> ibis.Table:
    """Credited conversions and value per label from weighted touches of converting journeys."""
    converting = weighted.filter(weighted.conversions > 0)
    return (
        converting.group_by("label")
        .aggregate(
            conversions=(converting.weight * converting.conversions).sum(),
            value=(converting.weight * converting.value).sum(),
        )
        .order_by("label")
    )
