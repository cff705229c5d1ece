"""Assemble simulated events into an Arrow table shaped like the store's `events` table."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journeymap.events.schema import EVENTS_SCHEMA
from journeymap.simulate.conditions import Choice, Range
from journeymap.simulate.emit import Events
from journeymap.simulate.json_text import compile_template, numbers, pick, quoted
from journeymap.simulate.kinds import EventKind, context_text
from journeymap.simulate.plan import Plan
from journeymap.simulate.products import Catalog
from journeymap.simulate.taste import TasteCatalog
from journeymap.simulate.walk import Customers, Visits

Array = np.ndarray[Any, Any]
EMAIL_DOMAIN = "example.com"
"""Reserved for documentation (RFC 2606): simulated addresses never reach anyone."""


@dataclass(frozen=True)
class Ids:
    """How simulated ids are spelled: `a-<tag>-<seed>-<customer>-<device>` and so on."""

    prefix: str

    def numbered(self, letter: str, numbers_: pa.Array) -> pa.Array:
        return pc.binary_join_element_wise(f"{letter}-{self.prefix}-", numbers_, "")


BATCH_ROWS = 1_000_000
"""Events turned into columns at a time: small temporaries keep memory and time down."""


@dataclass(frozen=True)
class _Batch:
    """The sorted per-event arrays of one batch, and where it starts in the whole table."""

    first: int
    kind: Array
    customer: Array
    device: Array
    identified: Array
    seconds: Array


def events_table(
    plan: Plan,
    *,
    customers: Customers,
    visits: Visits,
    events: Events,
    catalog: Catalog | TasteCatalog,
    ids: Ids,
    start: dt.datetime,
    rng: np.random.Generator,
) -> pa.Table:
    order = np.argsort(events.time, kind="stable")
    visit = events.visit[order]
    kind = events.kind[order]
    seconds = events.time[order]
    everyone = pc.cast(pa.array(np.arange(customers.segment.size)), pa.string())
    people = _People(
        anonymous=ids.numbered("a", everyone), user=ids.numbered("u", everyone), everyone=everyone
    )
    batches = []
    for first in range(0, max(visit.size, 1), BATCH_ROWS):
        part = slice(first, first + BATCH_ROWS)
        batch = _Batch(
            first=first,
            kind=kind[part],
            customer=visits.customer[visit[part]],
            device=visits.device[visit[part]],
            identified=visits.identified[visit[part]],
            seconds=seconds[part],
        )
        columns = _columns(
            plan, batch, customers=customers, people=people, catalog=catalog, ids=ids, rng=rng
        )
        columns["timestamp"] = pa.array(
            epoch_us(start) + np.round(batch.seconds * 1000.0).astype(np.int64) * 1000,
            type=pa.timestamp("us"),
        )
        batches.append(pa.record_batch(columns, schema=SCHEMA))
    return pa.Table.from_batches(batches, schema=SCHEMA)


@dataclass(frozen=True)
class _People:
    """Id texts per customer number, built once and taken per event."""

    anonymous: pa.Array
    user: pa.Array
    everyone: pa.Array


SCHEMA = EVENTS_SCHEMA.to_pyarrow()


def _columns(
    plan: Plan,
    batch: _Batch,
    *,
    customers: Customers,
    people: _People,
    catalog: Catalog | TasteCatalog,
    ids: Ids,
    rng: np.random.Generator,
) -> dict[str, pa.Array]:
    rows = batch.kind.size
    by_customer = pa.array(batch.customer)
    device_texts = [str(n) for n in range(int(batch.device.max(initial=0)) + 1)]
    anonymous = pc.binary_join_element_wise(
        people.anonymous.take(by_customer), pick(device_texts, batch.device), "-"
    )
    is_identify = np.array([k.type == "identify" for k in plan.kinds])[batch.kind]
    signed_in = batch.identified | is_identify
    user = pc.if_else(
        pa.array(signed_in), people.user.take(by_customer), pa.scalar(None, pa.string())
    )
    numbers_ = pc.cast(pa.array(np.arange(batch.first, batch.first + rows)), pa.string())
    return {
        "message_id": ids.numbered("m", numbers_),
        "type": pick([k.type for k in plan.kinds], batch.kind),
        "event": pick([k.event for k in plan.kinds], batch.kind),
        "anonymous_id": anonymous,
        "user_id": user,
        "person_id": pa.nulls(rows, pa.string()),
        "received_at": pa.nulls(rows, pa.timestamp("us")),
        "channel": _channels(plan, batch.kind, customers.channel[batch.customer]),
        "properties": _properties(
            plan,
            kind=batch.kind,
            customer=batch.customer,
            customers=customers,
            catalog=catalog,
            ids=ids,
            rng=rng,
            first=batch.first,
        ),
        "context": pick([context_text(k) for k in plan.kinds], batch.kind),
        "traits": _traits(plan, customers, batch.customer, is_identify, ids),
        "source": pick([k.source for k in plan.kinds], batch.kind),
        "seq": pa.nulls(rows, pa.int64()),  # numbered by the store at ingestion
    }


def epoch_us(start: dt.datetime) -> int:
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (start.replace(tzinfo=dt.UTC) - epoch) // dt.timedelta(microseconds=1)


def _channels(plan: Plan, kind: Array, own: Array) -> pa.Array:
    """The binding's channel; else the customer's own channel where the touchpoint's channel is
    one of the mix (a web page is seen on mobile too); else the touchpoint's channel."""
    mix = list(plan.settings.channels)
    names = list(mix)
    fixed = []
    for event_kind in plan.kinds:
        channel = event_kind.channel or event_kind.touchpoint_channel
        if channel is None or (event_kind.channel is None and channel in mix):
            fixed.append(-1)
            continue
        if channel not in names:
            names.append(channel)
        fixed.append(names.index(channel))
    code = np.asarray(fixed)[kind]
    return pick(names, np.where(code >= 0, code, own))


def _per_kind(constants: list[str], kind: Array, parts: list[tuple[Array, pa.Array]]) -> pa.Array:
    """`constants[kind]` for each row, except the rows given in `parts`, in one pass."""
    index = kind.astype(np.int64)
    offset = len(constants)
    for rows, _ in parts:
        index[rows] = offset + np.arange(rows.size)
        offset += rows.size
    combined = pa.concat_arrays(
        [pa.array(constants, pa.string()), *(values for _, values in parts)]
    )
    return combined.take(pa.array(index))


def _properties(
    plan: Plan,
    *,
    kind: Array,
    customer: Array,
    customers: Customers,
    catalog: Catalog | TasteCatalog,
    ids: Ids,
    rng: np.random.Generator,
    first: int,
) -> pa.Array:
    templates = [compile_template(k.properties) for k in plan.kinds]
    parts = []
    for index, (event_kind, template) in enumerate(zip(plan.kinds, templates, strict=True)):
        if not template.slots:
            continue
        rows = np.flatnonzero(kind == index)
        if rows.size == 0:
            continue
        slots = _slot_values(
            event_kind,
            rows=rows,
            customer=customer,
            customers=customers,
            catalog=catalog,
            ids=ids,
            rng=rng,
            first=first,
        )
        parts.append((rows, template.render(slots, rows.size)))
    return _per_kind([t.pieces[0] if not t.slots else "{}" for t in templates], kind, parts)


def _slot_values(
    event_kind: EventKind,
    *,
    rows: Array,
    customer: Array,
    customers: Customers,
    catalog: Catalog | TasteCatalog,
    ids: Ids,
    rng: np.random.Generator,
    first: int,
) -> dict[str, pa.Array]:
    slots: dict[str, pa.Array] = {}
    if event_kind.product:
        if isinstance(catalog, TasteCatalog):
            product = catalog.draw_for(customer[rows], rng)
        else:
            product = catalog.draw(customers.category[customer[rows]], rng)
        slots["product_id"] = quoted(pick(catalog.ids, product), safe=True)
        slots["category"] = quoted(pick(catalog.category_names, catalog.category[product]))
        slots["price"] = numbers(catalog.price[product])
        if event_kind.order:
            quantity = 1 + rng.poisson(0.4, rows.size)
            slots["quantity"] = numbers(quantity)
            slots["revenue"] = numbers(np.round(catalog.price[product] * quantity, 2))
            order_numbers = pc.cast(pa.array(rows + first), pa.string())
            slots["order_id"] = quoted(ids.numbered("o", order_numbers), safe=True)
    for name, rule in event_kind.rules.items():
        if isinstance(rule, Choice):
            literals = [json.dumps(v, ensure_ascii=False) for v in rule.values]
            slots[name] = pick(literals, rng.integers(0, len(literals), rows.size))
        elif isinstance(rule, Range):
            slots[name] = numbers(rule.draw(rng, rows.size))
    return slots


def _traits(
    plan: Plan, customers: Customers, customer: Array, is_identify: Array, ids: Ids
) -> pa.Array:
    rows = np.flatnonzero(is_identify)
    if rows.size == 0:
        return _per_kind(["{}"], np.zeros(customer.size, dtype=np.int64), [])
    who = customer[rows]
    user = ids.numbered("u", pc.cast(pa.array(who), pa.string()))
    parts: list[Any] = ['{"email":"', user, f'@{EMAIL_DOMAIN}"']
    for name, values in plan.settings.traits.items():
        literals = [json.dumps(v, ensure_ascii=False) for v in values]
        key = f",{json.dumps(name, ensure_ascii=False)}:"
        parts += [key, pick(literals, customers.traits[name][who])]
    fragments = [""]
    for name, segment in plan.settings.segments.items():
        fixed = {"segment": name, **segment.traits}
        fragments.append("," + json.dumps(fixed, ensure_ascii=False, separators=(",", ":"))[1:-1])
    parts += [pick(fragments, customers.segment[who]), "}"]
    text = pc.binary_join_element_wise(*parts, "")
    return _per_kind(["{}"], np.zeros(customer.size, dtype=np.int64), [(rows, text)])
