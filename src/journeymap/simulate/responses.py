"""A response model: who opens, clicks and converts after a message a chain sent, by segment.

`respond(messages, rates, seed=...)` turns sent messages (person, time, chain, message; from the
runner's `automation_sends` or an outbox) into simulated follow-up events: `Email Opened`,
`Email Link Clicked` (with `campaign: <chain>`), and the chain's goal event (`Order Completed`
with the cart's items) for the persons the message won over. Persons who got no message (a
chain's holdout) get nothing from here: only their baseline behaviour, the simulated walk,
converts them, which is what makes a chain's effect measurable against its holdout.

Each message draws from its own random stream, fixed by the seed, person, chain, entry and
message, so the responses do not depend on the order messages are handed in. Every event is
labelled simulated like the rest of the simulator's output.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from journeymap.i18n import gettext as _

if TYPE_CHECKING:
    from journeymap.model.simulation import DwellTime, ResponseRateSettings, ResponseSettings

OPENED = "Email Opened"
CLICKED = "Email Link Clicked"
LIBRARY = {"name": "journeymap-simulator", "version": "1"}


@dataclass(frozen=True)
class Delay:
    """A lognormal delay by its median and 90th percentile, in seconds."""

    median: float
    p90: float

    def draw(self, uniform: float) -> float:
        from statistics import NormalDist

        sigma = max(math.log(self.p90 / self.median), 1e-9) / 1.2815515655446004
        z = NormalDist().inv_cdf(min(max(uniform, 1e-12), 1 - 1e-12))
        return self.median * math.exp(sigma * z)


@dataclass(frozen=True)
class ResponseRates:
    """Chances after one message: `open` it, `click` once opened, `convert` (the chain's goal)
    once clicked; and how long each step takes after the one before."""

    open: float = 0.45
    click: float = 0.3
    convert: float = 0.35
    open_delay: Delay = Delay(median=2 * 3600, p90=24 * 3600)
    click_delay: Delay = Delay(median=60, p90=15 * 60)
    convert_delay: Delay = Delay(median=20 * 60, p90=6 * 3600)


DEFAULT_RATES = ResponseRates()
"""About what shop e-mail tools report for cart reminders: 45% open, 30% of openers click,
a third of clickers order (so about 4.7% of messages end in an order)."""


@dataclass(frozen=True)
class ResponseModel:
    """Rates per segment (`segments[name]`), else `default`."""

    default: ResponseRates = DEFAULT_RATES
    segments: Mapping[str, ResponseRates] = field(default_factory=dict)

    def rates(self, segment: str | None) -> ResponseRates:
        return self.segments.get(segment or "", self.default)


def response_model(settings: Mapping[str, Any] | None) -> ResponseModel:
    """A model from a plain mapping such as `{open: 0.5, click: 0.2, convert: 0.4,
    open_delay: {median: 3600, p90: 86400}, segments: {beginner: {click: 0.4}}}`; keys not
    given keep the defaults (a segment's keys fall back to the overall ones)."""
    settings = settings or {}
    default = _rates(DEFAULT_RATES, settings)
    segments = {
        str(name): _rates(default, values)
        for name, values in (settings.get("segments") or {}).items()
    }
    return ResponseModel(default, segments)


def model_from_settings(settings: ResponseSettings | None) -> ResponseModel:
    """The model a map's `simulation.responses` block describes (None: the defaults)."""
    if settings is None:
        return ResponseModel()
    default = _from_block(DEFAULT_RATES, settings)
    segments = {name: _from_block(default, block) for name, block in settings.segments.items()}
    return ResponseModel(default, segments)


def _from_block(base: ResponseRates, block: ResponseRateSettings) -> ResponseRates:
    changes: dict[str, Any] = {}
    for key in ("open", "click", "convert"):
        if getattr(block, key) is not None:
            changes[key] = float(getattr(block, key))
    for key in ("open_delay", "click_delay", "convert_delay"):
        dwell: DwellTime | None = getattr(block, key)
        if dwell is not None:
            changes[key] = Delay(dwell.median_seconds, dwell.p90_seconds)
    return replace(base, **changes)


def _rates(base: ResponseRates, values: Mapping[str, Any]) -> ResponseRates:
    changes: dict[str, Any] = {}
    for key in ("open", "click", "convert"):
        if key in values:
            share = float(values[key])
            if not 0 <= share <= 1:
                raise ValueError(
                    _("response {key}: {share} is not between 0 and 1", key=key, share=share)
                )
            changes[key] = share
    for key in ("open_delay", "click_delay", "convert_delay"):
        if key in values:
            delay = values[key]
            changes[key] = Delay(float(delay["median"]), float(delay["p90"]))
    return replace(base, **changes)


@dataclass(frozen=True)
class SentMessage:
    """One message that went out, and what a response to it needs."""

    person_id: str
    sent_at: datetime
    chain_id: str
    message_id: str
    entries: int = 1
    segment: str | None = None
    goal_event: str | None = None
    """The chain's goal event (None: no conversions are simulated)."""
    items: tuple[Mapping[str, Any], ...] = ()
    """The cart: `product_id`, `category`, `price` (and `quantity`) per item."""


def respond(
    messages: Iterable[SentMessage], model: ResponseModel | None = None, *, seed: int = 0
) -> list[dict[str, Any]]:
    """The simulated responses to `messages` as Segment-spec track events (dicts), by time."""
    model = model or ResponseModel()
    events: list[dict[str, Any]] = []
    for message in messages:
        events += _responses(message, model.rates(message.segment), seed)
    events.sort(key=lambda e: (e["timestamp"], e["messageId"]))
    return events


def _responses(message: SentMessage, rates: ResponseRates, seed: int) -> list[dict[str, Any]]:
    draws = _uniforms(seed, message, 6)
    if draws[0] >= rates.open:
        return []
    opened = message.sent_at + timedelta(seconds=rates.open_delay.draw(draws[1]))
    base = {"campaign": message.chain_id, "message": message.message_id}
    events = [_event(message, OPENED, opened, base, f"{seed}:open")]
    if draws[2] >= rates.click:
        return events
    clicked = opened + timedelta(seconds=rates.click_delay.draw(draws[3]))
    events.append(_event(message, CLICKED, clicked, base, f"{seed}:click"))
    if message.goal_event is None or draws[4] >= rates.convert:
        return events
    converted = clicked + timedelta(seconds=rates.convert_delay.draw(draws[5]))
    events.append(
        _event(message, message.goal_event, converted, _order(message, seed), f"{seed}:goal")
    )
    return events


def _order(message: SentMessage, seed: int) -> dict[str, Any]:
    """The goal event's properties: the cart's items as an order."""
    order_id = "o-" + _digest("order", message, seed)[:16]
    items = [dict(item) for item in message.items]
    properties: dict[str, Any] = {"order_id": order_id, "campaign": message.chain_id}
    if items:
        first = items[0]
        properties |= {k: first[k] for k in ("product_id", "category", "price") if k in first}
        properties["quantity"] = sum(int(item.get("quantity") or 1) for item in items)
        properties["revenue"] = round(
            sum(float(item.get("price") or 0) * int(item.get("quantity") or 1) for item in items),
            2,
        )
        properties["products"] = items
    return properties


def _event(
    message: SentMessage, name: str, at: datetime, properties: dict[str, Any], kind: str
) -> dict[str, Any]:
    return {
        "messageId": "r-" + _digest(kind, message)[:24],
        "type": "track",
        "event": name,
        "userId": message.person_id,
        "timestamp": at.isoformat().replace("+00:00", "Z"),
        "channel": "email",
        "properties": dict(properties),
        "context": {"library": dict(LIBRARY), "simulated": True},
    }


def _digest(kind: str, message: SentMessage, seed: int = 0) -> str:
    parts = (str(seed), kind, message.chain_id, message.person_id, str(message.entries))
    text = "\x1f".join((*parts, message.message_id))
    return hashlib.sha256(text.encode()).hexdigest()


def _uniforms(seed: int, message: SentMessage, count: int) -> list[float]:
    """`count` numbers in [0, 1) fixed by the seed and the message."""
    digest = bytes.fromhex(_digest("draws", message, seed)) + bytes.fromhex(
        _digest("more draws", message, seed)
    )
    return [int.from_bytes(digest[i * 5 : i * 5 + 5], "big") / 2**40 for i in range(count)]
