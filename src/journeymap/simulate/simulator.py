"""`simulate`: synthetic customers walking a map, as rows of the `events` table."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from journeymap.i18n import gettext as _
from journeymap.model.journey import JourneyMap
from journeymap.simulate.columns import Ids, epoch_us, events_table
from journeymap.simulate.emit import emit
from journeymap.simulate.plan import make_plan
from journeymap.simulate.products import Catalog, make_catalog
from journeymap.simulate.surveys import add_survey_answers
from journeymap.simulate.taste import SimulatedItem, TasteCatalog, taste_catalog
from journeymap.simulate.walk import draw_customers, walk

DEFAULT_DAYS = 90
DEFAULT_CUSTOMERS = 1000
SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class Period:
    """The simulated period: events happen in [start, start + days)."""

    start: dt.date
    days: int

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days)


def simulation_period(
    journey: JourneyMap, start: dt.date | None = None, days: int | None = None
) -> Period:
    """The period from the arguments, else the map's `simulation:` block, else the defaults:
    the last 90 days up to today (UTC), so the data ends before now."""
    settings = journey.simulation
    length = days or (settings.days if settings else None) or DEFAULT_DAYS
    first = start or (settings.start if settings else None)
    if first is None:
        first = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=length)
    return Period(first, length)


def simulate(
    journey: JourneyMap,
    customers: int,
    *,
    seed: int = 0,
    start: dt.date | None = None,
    days: int | None = None,
    items: Sequence[SimulatedItem] | None = None,
) -> pa.Table:
    """Events of `customers` synthetic customers walking `journey`, sorted by time.

    Rows have the columns of `journeymap.events.schema.EVENTS_SCHEMA`; every event says it is
    simulated (`context.simulated`, source `simulated:<map id>`). The same map, seed, start and
    number of customers give the same table. Raises `SimulationError` for a map that cannot
    be simulated (for example a `simulation:` block naming a stage the map does not have).

    `items` (the workspace catalog's products, see `journeymap.simulate.taste`) replace the
    synthetic `sku-NNN` products: customers then pick catalog items by their taste (preferred
    category, region, level and the other traits the items name). None or empty: synthetic.
    """
    if customers < 0:
        raise ValueError(_("customers must not be negative"))
    period = simulation_period(journey, start, days)
    plan = make_plan(journey)
    rng = np.random.default_rng(seed)
    horizon = period.days * SECONDS_PER_DAY
    people = draw_customers(plan, customers, rng)
    visits = walk(plan, people, horizon, rng)
    events = emit(plan, visits, horizon, rng)
    catalog: Catalog | TasteCatalog = (
        taste_catalog(items, plan, people, rng)
        if items
        else make_catalog(plan.settings.products, rng)
    )
    tag = f"{zlib.crc32(journey.id.encode()):08x}"
    start_time = dt.datetime.combine(period.start, dt.time(), tzinfo=dt.UTC)
    table = events_table(
        plan,
        customers=people,
        visits=visits,
        events=events,
        catalog=catalog,
        ids=Ids(f"{tag}-{seed}"),
        start=start_time,
        rng=rng,
    )
    return add_survey_answers(
        table,
        journey,
        plan,
        visits=visits,
        events=events,
        horizon=horizon,
        seed=seed,
        prefix=f"{tag}-{seed}",
        start_us=epoch_us(start_time),
    )
