"""The optional `simulation:` block of a map: how synthetic customers walk it.

Every field has a default, so a map without the block can be simulated too::

    simulation:
      seed: 7
      customers: 5000
      days: 90
      continue: {interest: 0.5, purchase: 0.3}     # or one number for every stage
      transitions: {cart: {checkout: 0.3, catalog: 0.2}}
      dwell: {interest: {median: 2h, p90: 3d}}
      channels: {web: 0.7, mobile: 0.3}
      traits: {region: {north: 0.4, south: 0.6}}
      repeat: {from: post-purchase, to: interest, probability: 0.25}
      surveys: {purchase: {kind: csat, rate: 0.2}}

Stage and touchpoint ids used here are checked against the map by the simulator
(`journeymap.simulate.check_settings`), because this model does not see the rest of the map.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, Tag, field_validator, model_validator

from journeymap.model.base import MapModel, Slug
from journeymap.model.value_rules import (
    check_dwell_order,
    check_price_order,
    check_sum,
    check_transitions,
    duration_seconds,
    number_or_stages,
    one_or_many,
    positive_duration,
)

Duration = Annotated[str | float, AfterValidator(positive_duration)]
"""A duration: `30s`, `15m`, `2h`, `3d`, `1w`, or a number of seconds."""
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(gt=0.0)]
TraitValue = str | int | float | bool


ContinueProbability = Annotated[
    Annotated[Probability, Tag("number")] | Annotated[dict[str, Probability], Tag("per-stage")],
    Discriminator(number_or_stages),
]
"""One probability for every stage, or one per stage id."""


class DwellTime(MapModel):
    """A lognormal time distribution given by its median and 90th percentile."""

    median: Duration
    """Half of the customers take less than this."""
    p90: Duration
    """Nine in ten customers take less than this; must be longer than `median`."""

    @model_validator(mode="after")
    def _ordered(self) -> DwellTime:
        check_dwell_order(self.median, self.p90)
        return self

    @property
    def median_seconds(self) -> float:
        return duration_seconds(self.median)

    @property
    def p90_seconds(self) -> float:
        return duration_seconds(self.p90)


class TouchpointSettings(MapModel):
    """How a touchpoint fires during one visit of a stage that uses it."""

    probability: Probability | None = None
    """Chance the touchpoint fires in a stage visit (default: 1 for the stage's first bound
    touchpoint, 0.5 for the others)."""
    events: float = Field(default=1.0, ge=1.0)
    """Mean number of events per firing (1 + Poisson), e.g. 3 product views per visit."""
    requires: Slug | None = Field(
        default=None,
        description="Fires only in visits where this other touchpoint of the same stage fired "
        "before it, so `probability` becomes a step conversion (cart -> order inside one stage).",
    )


class RepeatSettings(MapModel):
    """A loop back: customers who reach `from` come back to `to` with `probability`."""

    from_: Slug = Field(
        alias="from", description="Stage the loop starts from (usually the last one)."
    )
    to: Slug = Field(description="Stage the customer returns to (e.g. interest or purchase).")
    probability: Probability
    """Chance of coming back after each visit of `from`; added to `transitions`."""

    model_config = MapModel.model_config | {"populate_by_name": True}


class BehaviourOverrides(MapModel):
    """`continue` and `transitions` that replace the map-wide ones for a group of customers."""

    continue_: ContinueProbability | None = Field(default=None, alias="continue")
    """Overrides the map-wide `continue` for this group."""
    transitions: dict[str, dict[str, Probability]] = Field(default_factory=dict)
    """Overrides the map-wide `transitions` of the stages it names."""

    model_config = MapModel.model_config | {"populate_by_name": True}

    @field_validator("transitions")
    @classmethod
    def _transitions_sum(cls, value: dict[str, dict[str, float]]) -> Any:
        return check_transitions(value)


class SegmentSettings(BehaviourOverrides):
    """A share of customers that behaves differently; its name becomes the `segment` trait."""

    share: Probability
    """Fraction of customers in this segment (segment shares add up to at most 1)."""
    traits: dict[str, TraitValue] = Field(default_factory=dict)
    """Fixed traits every customer of the segment has."""


class ReturningSettings(BehaviourOverrides):
    """How customers behave once they came back through a loop (`repeat` or a backward
    transition): returning buyers usually convert better than first-timers."""


class SurveySettings(MapModel):
    """Simulated survey answers (`Survey Answered` events) after a visit of a stage.

    Scores are drawn around the stage's designed emotion (mean over its personas, 0 when none):
    a latent value `emotion + N(0, 1)`, clipped to -2..+2, mapped linearly to the scale (CSAT
    `3 + latent`, CES `4 + 1.5 * latent`, NPS `7.5 + 1.25 * latent`) and rounded to a whole
    score. The optional text is a short phrase from a built-in list in the map's language that
    matches the score (negative, neutral or positive); every answer says it is simulated.
    """

    kind: Literal["csat", "nps", "ces"] = "csat"
    """Which survey: CSAT (1-5), NPS (0-10) or CES (1-7, 7 = very easy)."""
    rate: Probability = 0.2
    """Share of stage visits that end with an answer."""
    texts: Probability = 0.5
    """Share of answers that come with a short text."""


class PriceSettings(MapModel):
    """Lognormal prices of the simulated catalog."""

    median: float = Field(default=300.0, gt=0)
    p90: float = Field(default=1500.0, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> PriceSettings:
        check_price_order(self.median, self.p90)
        return self


DEFAULT_PRODUCT_EVENTS = [
    "Product Viewed",
    "Product Clicked",
    "Product Added",
    "Product Removed",
    "Product Added to Wishlist",
    "Product Reviewed",
    "Product Shared",
    "Order Completed",
]


class ProductSettings(MapModel):
    """A synthetic catalog: product events carry `product_id`, `category` and `price`."""

    count: int = Field(default=100, ge=1, le=1_000_000)
    """Number of products; popularity follows a Zipf-like long tail."""
    categories: dict[str, Weight] = Field(default_factory=lambda: {"general": 1.0})
    """Category weights; each customer prefers one category (70% of her product events)."""
    events: list[str] = Field(default_factory=lambda: list(DEFAULT_PRODUCT_EVENTS))
    """Event names that carry a product (Segment e-commerce names by default)."""
    orders: list[str] = Field(default_factory=lambda: ["Order Completed"])
    """Event names that also carry `order_id` and `revenue`."""
    price: PriceSettings = Field(default_factory=PriceSettings)


class ResponseRateSettings(MapModel):
    """Chances and delays of the responses to one message a chain sent (unset: the default)."""

    open: Probability | None = None
    """Chance that the message is opened (default 0.45)."""
    click: Probability | None = None
    """Chance that an opened message is clicked (default 0.3)."""
    convert: Probability | None = None
    """Chance that a click ends in the chain's goal event, such as an order (default 0.35)."""
    open_delay: DwellTime | None = None
    """Time from sending to opening (default: median 2h, p90 1d)."""
    click_delay: DwellTime | None = None
    """Time from opening to the click (default: median 1m, p90 15m)."""
    convert_delay: DwellTime | None = None
    """Time from the click to the goal event (default: median 20m, p90 6h)."""


class ResponseSettings(ResponseRateSettings):
    """The response model: who opens, clicks and converts after a chain's message, by segment
    (see docs/simulation.md); persons a chain holds out get no message and so no response."""

    segments: dict[str, ResponseRateSettings] = Field(default_factory=dict)
    """Per segment (the profile's `segment`), rates that replace the ones above."""


class SimulationSettings(MapModel):
    """Parameters for `journeymap simulate`; every one has a sensible default."""

    seed: int | None = Field(default=None, ge=0)
    """Random seed (default 0); the same seed gives the same output."""
    customers: int | None = Field(default=None, ge=1)
    """Default number of customers when the command does not give `--customers`."""
    start: dt.date | None = None
    """First day of the simulated period (default: `days` days before today)."""
    days: int | None = Field(default=None, ge=1, le=3660)
    """Length of the period in days (default 90); events after its end are cut off."""
    entry: dict[str, Weight] = Field(default_factory=dict)
    """Weights of the stages customers enter at (default: all enter at the first stage)."""
    continue_: ContinueProbability = Field(default=0.6, alias="continue")
    """Chance of moving on to the next stage in map order: one number or one per stage.
    The rest abandon. The last stage continues nowhere unless `transitions`/`repeat` say so."""
    transitions: dict[str, dict[str, Probability]] = Field(default_factory=dict)
    """Explicit next-stage probabilities per stage, `{cart: {checkout: 0.3, catalog: 0.2}}`;
    replace `continue` for that stage; what is left to 1 abandons."""
    repeat: list[RepeatSettings] = Field(default_factory=list)
    """Loops back (repeat purchase); one mapping or a list."""
    dwell: dict[str, DwellTime] = Field(default_factory=dict)
    """Time spent in a stage before moving on, per stage id."""
    default_dwell: DwellTime = Field(
        default_factory=lambda: DwellTime(median="1d", p90="7d"),
    )
    """Dwell time of stages not named in `dwell` (default: median 1d, p90 7d)."""
    session_gap: DwellTime = Field(
        default_factory=lambda: DwellTime(median="40s", p90="4m"),
    )
    """Time between two events inside one stage visit (default: median 40s, p90 4m)."""
    channels: dict[str, Weight] = Field(default_factory=lambda: {"web": 1.0})
    """Channel mix (weights, normalised; default `{web: 1}`): each customer's own channel. An
    event takes the binding's `channel` if it has one, else the customer's channel when the
    touchpoint's channel is one of the mix (a web page seen on mobile), else the touchpoint's."""
    traits: dict[str, dict[str, Weight]] = Field(default_factory=dict)
    """Categorical traits with value weights, sent in `identify` calls."""
    segments: dict[str, SegmentSettings] = Field(default_factory=dict)
    """Named segments with their own share, traits and transition probabilities."""
    touchpoints: dict[str, TouchpointSettings] = Field(default_factory=dict)
    """Firing probability, events per visit and in-stage order per touchpoint id."""
    completion: dict[str, Slug] = Field(default_factory=dict)
    """Per stage, the touchpoint that completes it (`{purchase: order-confirmation}`): it fires
    exactly in the visits after which the customer moves on to a later stage, together with the
    touchpoints it `requires`. So cart abandonment is `1 - continue` of the purchase stage."""
    returning: ReturningSettings = Field(default_factory=ReturningSettings)
    """Different `continue`/`transitions` for customers who came back through a loop."""
    identify: Slug | None = Field(
        default=None,
        description="Stage where customers sign in/up: an `identify` call, then `userId` on "
        "every event. Default: the first stage whose id or name says sign-up, checkout, "
        "purchase or order.",
    )
    new_device: Probability = 0.2
    """Chance that a loop back starts on a new device (a new anonymous id until sign-in)."""
    max_visits: int = Field(default=30, ge=1, le=1000)
    """Stage visits per customer at most, so loops end."""
    products: ProductSettings = Field(default_factory=ProductSettings)
    """The synthetic catalog behind product and order events."""
    surveys: dict[str, SurveySettings] = Field(default_factory=dict)
    """Per stage id, simulated survey answers after its visits: `{purchase: {kind: csat,
    rate: 0.2}}` (scores around the stage's designed emotion; see `SurveySettings`)."""
    responses: ResponseSettings | None = None
    """How simulated customers answer the messages of the workspace's chains (`journeymap
    demo`): open, click and convert chances and delays, per segment; unset keys keep the
    defaults."""

    model_config = MapModel.model_config | {"populate_by_name": True}

    @field_validator("repeat", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return one_or_many(value)

    @field_validator("transitions")
    @classmethod
    def _transitions_sum(cls, value: dict[str, dict[str, float]]) -> Any:
        return check_transitions(value)

    @field_validator("segments")
    @classmethod
    def _shares_sum(cls, value: dict[str, SegmentSettings]) -> Any:
        check_sum({k: s.share for k, s in value.items()})
        return value
