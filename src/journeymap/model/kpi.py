"""KPIs of a stage, with a `measure` expression evaluated against event data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator

from journeymap.model.base import MapModel, Slug, synonyms
from journeymap.model.measure_syntax import check_measure_form
from journeymap.model.value_rules import percent_as_share

Direction = Literal["increase", "decrease"]


class Measured(MapModel):
    """The last value measured from data (written by `journeymap report --update-map`)."""

    value: float
    """The measured value."""
    at: dt.date
    """Date of the measurement."""
    persons: int | None = Field(default=None, ge=0)
    """How many persons the value is based on."""
    simulated: bool = False
    """The value comes from simulated events (`--update-map --allow-simulated`), not from
    customers: an illustration, not a measurement."""


class KPI(MapModel):
    id: Slug
    name: str = Field(min_length=1)
    """Human name of the indicator."""
    target: float | None = None
    """The value to reach; `25%` is read as the share 0.25."""
    unit: str | None = None
    """e.g. `%`, `share`, `seconds`, `RUB`; a `target` below 1 with no unit is read as a share."""
    direction: Annotated[Direction, synonyms("direction")] = "increase"
    """Whether higher (`increase`) or lower (`decrease`) values are better."""
    measure: str | None = None
    """Expression over the data, e.g. `conversion(catalog -> cart)`, `count(purchase)`,
    `median_time(cart -> checkout)`, `rate(Order Completed)`, `abandonment(cart -> order)`,
    `nps(checkout)`, `csat(delivery)`, `ces(support)` (a touchpoint or stage, from survey
    answers), `romi(yandex)`, `cac(vk)`, `cpa(campaign:autumn)`, `drr(all)` (a channel's
    economics from the store's ad costs, see docs/roi.md), `effect(cart-reminder)` or
    `effect(cart-reminder, cart_recovery)` (a chain's lift against its holdout, with its
    interval, see docs/automations.md; `by=trait:region` adds the lift per segment, with
    adjusted p-values); see docs/analytics.md. A malformed measure, an unknown
    `touchpoint:`/`stage:` id or an `effect` of no chain of the workspace fails `validate`."""
    owner: str | None = None
    """Who answers for the indicator."""
    measured: Measured | None = None
    """Last measured value (written from data)."""

    @field_validator("measure")
    @classmethod
    def _measure_form(cls, value: str | None) -> str | None:
        if value is not None:
            check_measure_form(value)
        return value

    @field_validator("target", mode="before")
    @classmethod
    def _percent_as_share(cls, value: object) -> object:
        return percent_as_share(value)
