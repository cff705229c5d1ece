"""Bindings: the rule that says which events are a touchpoint.

A binding matches an event when every condition it names holds. Conditions on properties and
context take a scalar (equality) or an operator object::

    bindings:
      - event: Product Viewed
        properties: {category: seeds, price: {gte: 100}}
      - type: page
        url: "^https://shop\\.example/cart"
      - event: Order Completed
        channel: offline
      - event: Order Completed      # repeat orders: the person's 2nd and later
        occurrence: ">=2"

The analytics layer evaluates them (`journeymap.analytics.bind`); the model only checks shape.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import Field, field_validator, model_validator

from journeymap.model.base import MapModel, synonyms
from journeymap.model.value_rules import check_has_selector, check_regex

EventType = Literal["track", "page", "screen", "identify", "alias", "group"]
Scalar = str | int | float | bool | None
OCCURRENCE_PATTERN: Final = r"^\s*(>=|<=|>|<|=)?\s*[1-9][0-9]*\s*$"
Occurrence = (
    Annotated[int, Field(ge=1, strict=True)] | Annotated[str, Field(pattern=OCCURRENCE_PATTERN)]
)


class Condition(MapModel):
    """Operators for one property or context value; all given operators must hold."""

    eq: Scalar = None
    """Equal to this value."""
    ne: Scalar = None
    """Not equal to this value."""
    in_: list[Scalar] | None = Field(default=None, alias="in")
    """One of these values."""
    not_in: list[Scalar] | None = None
    """None of these values."""
    gt: float | None = None
    """Greater than (numbers)."""
    gte: float | None = None
    """Greater than or equal (numbers)."""
    lt: float | None = None
    """Less than (numbers)."""
    lte: float | None = None
    """Less than or equal (numbers)."""
    regex: str | None = None
    """Python/RE2-compatible regular expression searched in the value as text."""
    exists: bool | None = None
    """`true`: the key is present and not null; `false`: it is absent or null."""

    model_config = MapModel.model_config | {"populate_by_name": True}

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        return check_regex(value)


ConditionValue = Scalar | Condition


class Binding(MapModel):
    """Which events count as this touchpoint. At least one selector is required."""

    event: str | None = None
    """Event name of a `track` call, e.g. `Product Viewed`."""
    type: EventType | None = None
    """Segment call type; `page` with `url` binds page views."""
    channel: Annotated[str | None, synonyms("channel")] = None
    """Event channel: web, mobile, email, sms, offline, crm, support, ... (Russian names such as
    `сайт`, `почта`, `офлайн` are read as these)."""
    url: str | None = None
    """Regular expression searched in `context.page.url` (or `properties.url`)."""
    properties: dict[str, ConditionValue] = Field(default_factory=dict)
    """Conditions on `properties`; nested keys with dots (`product.category`)."""
    context: dict[str, ConditionValue] = Field(default_factory=dict)
    """Conditions on `context` with dotted paths (`campaign.source`, `device.type`)."""
    source: str | None = None
    """Only events from this import or API key."""
    occurrence: Occurrence | None = None
    """Which of the person's matching events count: `2` (only her second), `">=2"` (her second
    and later, e.g. repeat orders), `">1"`, `"<=3"`, `"<3"`. Counted per person among the events
    that meet the binding's other conditions, in time order (ties: the order in the source
    file)."""

    @field_validator("url")
    @classmethod
    def _url_compiles(cls, value: str | None) -> str | None:
        return check_regex(value, url=True)

    @property
    def occurrence_rule(self) -> tuple[str, int] | None:
        """`occurrence` as (operator, number): `("=", 2)`, `(">=", 2)`, ...; None when unset."""
        if self.occurrence is None:
            return None
        if isinstance(self.occurrence, int):
            return "=", self.occurrence
        # the field's pattern admits only an optional operator and a positive number
        text = self.occurrence.strip()
        operator = next((op for op in (">=", "<=", ">", "<", "=") if text.startswith(op)), "")
        return operator or "=", int(text[len(operator) :])

    @model_validator(mode="after")
    def _has_selector(self) -> Binding:
        check_has_selector(
            self.event,
            self.type,
            self.channel,
            self.url,
            self.properties,
            self.context,
            self.source,
        )
        return self
