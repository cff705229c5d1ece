"""Items seen in events, matched to the catalog: which events name items the catalog lacks.

An event names an item when one of `ProfileSettings.item_keys` (`product_id`, `item_id`, `sku`)
is set in its `properties`. Events of items missing from the catalog are kept everywhere
(interests still count them); this report says how many there are, so the catalog can be fixed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import ibis.expr.types as ir

from journeymap.personalize.catalog import Catalog
from journeymap.personalize.interests import item_id
from journeymap.personalize.profile_settings import ProfileSettings
from journeymap.store.arrow import to_arrow

EXAMPLES = 5


@dataclass(frozen=True)
class ItemMatch:
    events_with_items: int
    items_seen: int
    matched_events: int
    missing_events: int
    """Events naming an item that is not in the catalog."""
    missing_items: int
    examples: list[dict[str, Any]] = field(default_factory=list)
    """The missing items with most events: `{"item": id, "events": n}`."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def match_items(
    events: ir.Table, catalog: Catalog, settings: ProfileSettings | None = None
) -> ItemMatch:
    """Count the events naming items, and those naming items missing from `catalog`."""
    settings = settings or ProfileSettings()
    named = events.select(item=item_id(events, settings.item_keys)).filter(
        lambda t: t.item.notnull()
    )
    counts = to_arrow(named.group_by("item").aggregate(n=named.count())).to_pylist()
    missing = sorted(
        ((str(r["item"]), int(r["n"])) for r in counts if r["item"] not in catalog),
        key=lambda pair: (-pair[1], pair[0]),
    )
    total = sum(int(r["n"]) for r in counts)
    missing_events = sum(n for _, n in missing)
    return ItemMatch(
        events_with_items=total,
        items_seen=len(counts),
        matched_events=total - missing_events,
        missing_events=missing_events,
        missing_items=len(missing),
        examples=[{"item": item, "events": n} for item, n in missing[:EXAMPLES]],
    )
