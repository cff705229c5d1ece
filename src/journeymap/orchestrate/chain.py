"""A chain (an automation): who enters, what happens to them step by step, when they leave and
what counts as success. Written in YAML under `automations/`; see docs/automations.md."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Literal

from pydantic import Field, model_validator

from journeymap.i18n import gettext as _
from journeymap.model.base import MapModel, Slug
from journeymap.orchestrate.conditions import EventMatch, Scalar
from journeymap.orchestrate.durations import Duration

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXIT = "exit"
"""A `goto` target that ends the person's run of the chain."""


def _exactly_one(model: MapModel, names: tuple[str, ...]) -> None:
    given = [name for name in names if getattr(model, name) is not None]
    if len(given) != 1:
        raise ValueError(_("give exactly one of: {names}", names=", ".join(names)))


class Entry(MapModel):
    """What starts the chain for a person: one of `event`, `stage`, `segment` or `date`."""

    event: str | None = None
    """An event name (`Cart Abandoned`)."""
    properties: dict[str, Scalar] = Field(default_factory=dict)
    """With `event`: property values the event must carry."""
    stage: Slug | None = None
    """The person reaches this stage of the chain's map (an event bound to one of its
    touchpoints)."""
    segment: str | None = None
    """An event of a person whose profile is in this segment."""
    date: str | None = None
    """A date trait (`traits.birthday`, `traits.trial_end`): the person enters on that day."""
    before: Duration | None = None
    """With `date`: enter this long before the date (a trial ending in 2 days)."""
    yearly: bool = False
    """With `date`: the day recurs every year (birthdays)."""

    @model_validator(mode="after")
    def _one_kind(self) -> Entry:
        _exactly_one(self, ("event", "stage", "segment", "date"))
        return self

    @property
    def kind(self) -> str:
        for name in ("event", "stage", "segment", "date"):
            if getattr(self, name) is not None:
                return name
        return "event"  # unreachable: the validator requires one


class ReEntry(MapModel):
    """Whether a person who left the chain may enter it again."""

    allowed: bool = False
    after: Duration | None = None
    """The least time between two entries of one person."""
    max_entries: int | None = Field(default=None, ge=1)


class Criterion(MapModel):
    """An event (with properties) or profile values; every part given must hold."""

    event: str | None = None
    properties: dict[str, Scalar] = Field(default_factory=dict)
    profile: dict[str, Scalar] = Field(default_factory=dict)


class Goal(MapModel):
    """The conversion the chain is for, counted when it happens within `window` of entry."""

    event: str = Field(min_length=1)
    properties: dict[str, Scalar] = Field(default_factory=dict)
    window: Duration

    def as_match(self) -> EventMatch:
        return EventMatch(event=self.event, properties=self.properties)


class Delay(MapModel):
    """Wait a `duration`, or until a local time of day, or until a weekday (at a time)."""

    duration: Duration | None = None
    until: time | None = None
    """A local time of day in the person's time zone (`09:00`): the next one to come."""
    weekday: Weekday | None = None
    """The next such day in the person's time zone, at `until` (default 10:00)."""

    @model_validator(mode="before")
    @classmethod
    def _short(cls, value: object) -> object:
        return {"duration": value} if isinstance(value, str | int) else value

    @model_validator(mode="after")
    def _kind(self) -> Delay:
        if self.duration is None and self.until is None and self.weekday is None:
            raise ValueError(_("give duration, until or weekday"))
        if self.duration is not None and (self.until is not None or self.weekday is not None):
            raise ValueError(_("a duration cannot be combined with until or weekday"))
        return self


class Wait(MapModel):
    """Wait for an event, at most `timeout`; then go on at `on_match` or `on_timeout`."""

    event: str = Field(min_length=1)
    properties: dict[str, Scalar] = Field(default_factory=dict)
    timeout: Duration
    on_match: str | None = None
    """A step id or `exit`; the next step when not given."""
    on_timeout: str | None = None
    """A step id or `exit`; the next step when not given."""

    def as_match(self) -> EventMatch:
        return EventMatch(event=self.event, properties=self.properties)


class When(MapModel):
    """A branch's condition: profile values, and/or an event done since the person entered."""

    profile: dict[str, Scalar] = Field(default_factory=dict)
    event: str | None = None
    properties: dict[str, Scalar] = Field(default_factory=dict)


class Case(MapModel):
    """One way out of a branch; a case without `when` is the else."""

    when: When | None = None
    goto: str


class Arm(MapModel):
    """One arm of a random split."""

    weight: float = Field(gt=0)
    goto: str


class Step(MapModel):
    """One step: exactly one of `delay`, `wait`, `branch`, `split`, `send` or `exit`."""

    id: Slug
    delay: Delay | None = None
    wait: Wait | None = None
    branch: list[Case] | None = Field(default=None, min_length=1)
    split: list[Arm] | None = Field(default=None, min_length=2)
    send: Slug | None = None
    """The id of a message of this chain."""
    exit: Literal[True] | None = None
    goto: str | None = None
    """Where to go after this step (the next step when not given)."""

    @model_validator(mode="after")
    def _one_kind(self) -> Step:
        _exactly_one(self, KINDS)
        return self

    @property
    def kind(self) -> str:
        return next(name for name in KINDS if getattr(self, name) is not None)


KINDS: tuple[str, ...] = ("delay", "wait", "branch", "split", "send", "exit")
Localized = dict[Annotated[str, Field(pattern=r"^[a-z]{2}$")], str]


class Message(MapModel):
    """A message: Jinja templates per language (`en`, `ru`) for subject, text and HTML."""

    channel: str = Field(min_length=1)
    """A channel of `automations/settings.yaml`."""
    transactional: bool = False
    """Transactional messages are exempt from frequency caps and quiet hours (never from
    unsubscribe of marketing: they have no unsubscribe link requirement)."""
    best_hour: bool = False
    """Hold the message until the person's best send hour (send-time optimization)."""
    subject: Localized = Field(default_factory=dict)
    text: Localized = Field(min_length=1)
    """The plain-text part (required: every e-mail has one)."""
    html: Localized = Field(default_factory=dict)


class Chain(MapModel):
    """An automation chain."""

    automation: Literal[1] = 1
    """Format version."""
    id: Slug
    name: str | None = None
    map: Slug | None = None
    """The map whose stages `entry.stage` and KPIs refer to."""
    language: str = Field(default="en", pattern=r"^[a-z]{2}$")
    """The message language for persons with no preferred language."""
    entry: Entry
    re_entry: ReEntry = Field(default_factory=ReEntry)
    holdout: float = Field(default=0.0, ge=0.0, le=0.9)
    """Share of persons held out (sticky by person and chain): they enter, get nothing, and
    their goal is counted, so the chain's effect can be measured."""
    exit: list[Criterion] = Field(default_factory=list)
    """Leave the chain at once when one of these happens."""
    goal: Goal | None = None
    steps: list[Step] = Field(min_length=1)
    messages: dict[Slug, Message] = Field(default_factory=dict)

    def step_index(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.id == step_id)
