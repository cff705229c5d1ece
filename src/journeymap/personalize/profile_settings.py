"""What a profile is computed from: event names, JSON keys, weights, windows, evidence thresholds.

Every default is documented in docs/personalization.md ("Profiles"); pass a `ProfileSettings`
to change them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.model.binding import Binding

INTEREST_WEIGHTS: dict[str, float] = {
    "Product Viewed": 1.0,
    "Product Clicked": 1.0,
    "Email Link Clicked": 1.0,
    "Product Reviewed": 2.0,
    "Product Shared": 2.0,
    "Product Added to Wishlist": 2.0,
    "Product Added": 3.0,
    "Order Completed": 5.0,
    "Product Purchased": 5.0,
}
"""Event name -> weight of one event naming an item (Segment e-commerce spec names); the same
weights as the recommenders' interactions (`personalize.interactions`)."""

ITEM_KEYS: tuple[str, ...] = ("product_id", "item_id", "sku")
"""Keys of `properties` that name an item; the first one set wins."""

REVENUE_KEYS: tuple[str, ...] = ("revenue", "total", "value", "price")
"""Keys of `properties` that hold a purchase's value; the first one set wins."""

NOT_ACTIVITY: tuple[str, ...] = (
    "Email Sent",
    "Email Delivered",
    "Message Sent",
    "Message Delivered",
    "Push Notification Sent",
)
"""Events the company causes, not the person: they never count as activity for send hours."""


@dataclass(frozen=True)
class ProfileSettings:
    interest_weights: dict[str, float] = field(default_factory=lambda: dict(INTEREST_WEIGHTS))
    half_life_days: float = 30.0
    """An interest signal counts half as much this many days before the as-of time."""
    item_keys: tuple[str, ...] = ITEM_KEYS
    category_key: str = "category"
    """Key of `properties` with the item's category (the catalog's category when absent)."""
    top_items: int = 10
    top_categories: int = 5
    purchase_events: tuple[str, ...] = ("Order Completed",)
    revenue_keys: tuple[str, ...] = REVENUE_KEYS
    recent_days: float = 90.0
    """Preferred channel, device and language count the events of this many days before the
    person's own last event."""
    min_person_events: int = 5
    """A person's own best send hour on a channel needs at least this many of her events there."""
    min_segment_events: int = 50
    """A segment's best send hour on a channel needs at least this many events of the segment."""
    not_activity: tuple[str, ...] = NOT_ACTIVITY
    segment_trait: str = "segment"
    """The trait that names a person's segment when no segment rules are given."""
    segment_rules: tuple[tuple[str, Binding], ...] = ()
    """Ordered (segment name, binding): a person belongs to the first rule one of her events
    matches, else to `other` (as `analyze segments` rules)."""
