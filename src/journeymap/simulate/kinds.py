"""Event kinds: what one binding of one touchpoint emits (type, name, channel, JSON templates)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from journeymap.model.binding import Binding
from journeymap.model.journey import JourneyMap
from journeymap.model.simulation import ProductSettings
from journeymap.model.touchpoint import Touchpoint
from journeymap.simulate.conditions import Choice, Const, Range, rule_for
from journeymap.simulate.json_text import Slot
from journeymap.simulate.regex_text import RegexTextError, url_for

LIBRARY = {"name": "journeymap-simulator", "version": "1"}
PRODUCT_SLOTS = {"product_id": "product_id", "category": "category", "price": "price"}
ORDER_SLOTS = {"order_id": "order_id", "quantity": "quantity", "revenue": "revenue"}


@dataclass
class EventKind:
    """One way a touchpoint shows up in the data; events of a kind differ only in slot values."""

    type: str
    event: str | None
    channel: str | None
    """Channel the binding requires, or None."""
    touchpoint_channel: str | None
    source: str
    touchpoint: str | None
    properties: dict[str, Any]
    """Template of `properties`: plain values and `Slot`s."""
    context: dict[str, Any]
    """Template of `context` (no slots: the same for every event of the kind)."""
    rules: dict[str, Choice | Range] = field(default_factory=dict)
    """Random values per event, by slot name."""
    product: bool = False
    order: bool = False


class KindError(ValueError):
    """A binding the simulator cannot produce events for."""

    def __init__(self, touchpoint: str, index: int, message: str) -> None:
        super().__init__(f"touchpoint {touchpoint!r}, binding {index + 1}: {message}")
        self.touchpoint = touchpoint
        self.index = index


def base_context(journey: JourneyMap) -> dict[str, Any]:
    return {
        "library": dict(LIBRARY),
        "simulated": True,
        "locale": journey.language,
    }


def source_name(journey: JourneyMap) -> str:
    return f"simulated:{journey.id}"


def kinds_of(
    journey: JourneyMap, touchpoint: Touchpoint, products: ProductSettings
) -> list[EventKind]:
    """The kinds a touchpoint emits; bindings that name a `source` are used only when all do.

    A binding with an `occurrence` whose event another binding of the map emits without one
    (a "Repeat order" bound to `Order Completed` with `occurrence: ">=2"`) emits nothing itself:
    the person's later events of that kind (her second order, on a repeat visit) are what it
    counts, so a stage holding it is reached exactly by the persons the occurrence describes.
    """
    usable = [b for b in touchpoint.bindings if b.source is None] or touchpoint.bindings
    usable = [b for b in usable if not _counted_from_others(journey, b)]
    found = []
    for binding in usable:
        index = touchpoint.bindings.index(binding)
        try:
            found.append(_kind(journey, touchpoint, binding, products))
        except (ValueError, RegexTextError) as exc:
            raise KindError(touchpoint.id, index, str(exc)) from None
    return found


def _counted_from_others(journey: JourneyMap, binding: Binding) -> bool:
    """Whether `binding` counts occurrences of events another binding (without one) emits."""
    if binding.occurrence is None or binding.event is None:
        return False
    kind = binding.type or "track"
    return any(
        other.occurrence is None
        and other.event == binding.event
        and (other.type or "track") == kind
        for touchpoint in journey.touchpoints
        for other in touchpoint.bindings
    )


def identify_kind(journey: JourneyMap) -> EventKind:
    return EventKind(
        type="identify",
        event=None,
        channel=None,
        touchpoint_channel=None,
        source=source_name(journey),
        touchpoint=None,
        properties={},
        context=base_context(journey),
    )


def _kind(
    journey: JourneyMap,
    touchpoint: Touchpoint,
    binding: Binding,
    products: ProductSettings,
) -> EventKind:
    call = binding.type or ("page" if binding.url else "track")
    name = binding.event or touchpoint.name
    properties: dict[str, Any] = {}
    context = base_context(journey)
    product = call in ("track", "screen") and name in products.events
    order = product and name in products.orders
    if product:
        properties |= {key: Slot(slot) for key, slot in PRODUCT_SLOTS.items()}
    if order:
        properties |= {key: Slot(slot) for key, slot in ORDER_SLOTS.items()}
    if call == "page":
        url = url_for(binding.url) if binding.url else f"https://shop.example/{touchpoint.id}"
        properties |= {"url": url, "title": name}
        context["page"] = {"url": url, "title": name}
    kind = EventKind(
        type=call,
        event=None if call in ("identify", "alias", "group") else name,
        channel=binding.channel,
        touchpoint_channel=touchpoint.channel,
        source=binding.source or source_name(journey),
        touchpoint=touchpoint.id,
        properties=properties,
        context=context,
        product=product,
        order=order,
    )
    for index, (key, condition) in enumerate(binding.properties.items()):
        _apply(kind, kind.properties, key, rule_for(key, condition), f"p{index}")
    for key, condition in binding.context.items():
        rule = rule_for(key, condition)
        if isinstance(rule, Choice | Range):
            # The context is one text per kind; a fixed allowed value is enough to match.
            rule = Const(rule.values[0] if isinstance(rule, Choice) else rule.low)
        _apply(kind, kind.context, key, rule, "")
    return kind


def _apply(
    kind: EventKind,
    target: dict[str, Any],
    key: str,
    rule: Const | Choice | Range | None,
    slot: str,
) -> None:
    parts = key.split(".")
    node = target
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    if rule is None:
        node.pop(parts[-1], None)
    elif isinstance(rule, Const):
        node[parts[-1]] = rule.value
    else:
        node[parts[-1]] = Slot(slot)
        kind.rules[slot] = rule


def context_text(kind: EventKind) -> str:
    return json.dumps(kind.context, ensure_ascii=False, separators=(",", ":"))
