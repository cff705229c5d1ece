"""Why a stage strategy chose an item, as data; `reason_text` makes the sentence.

The kinds of the recommenders (`recommenders.reasons`) plus the strategies' own:

| kind | meaning | filled |
|---|---|---|
| `popular` | popular with everyone | `count` (persons) |
| `popular_in_group` | popular in her group | `group`, `value`, `count` |
| `similar_to_item` | people who liked `item` (she viewed it) liked this too | `item` |
| `co_visited` | visited in the same sessions as `item` | `item` |
| `bought_together` | bought by persons who bought `item` (she bought it) | `item`, `count` |
| `review_of` | a review or case about `item`, which she viewed | `item` |
| `guide_for` | a tutorial or article for `item`, which she bought | `item` |
| `in_category` | content about a category she is interested in | `value` |
| `new_in_category` | a new item in a category she is interested in | `value` |
| `in_cart` | still in her cart | |
| `cart_reminder` | a reminder about her cart, which holds `item` | `item` |
| `pinned` | pinned by a business rule | |

`group` is `region`, `segment` or `segment_region` (value `segment|region`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final

POPULAR: Final = "popular"
POPULAR_IN_GROUP: Final = "popular_in_group"
SIMILAR_TO_ITEM: Final = "similar_to_item"
CO_VISITED: Final = "co_visited"
BOUGHT_TOGETHER: Final = "bought_together"
REVIEW_OF: Final = "review_of"
GUIDE_FOR: Final = "guide_for"
IN_CATEGORY: Final = "in_category"
NEW_IN_CATEGORY: Final = "new_in_category"
IN_CART: Final = "in_cart"
CART_REMINDER: Final = "cart_reminder"
PINNED: Final = "pinned"
KINDS: Final = (
    POPULAR,
    POPULAR_IN_GROUP,
    SIMILAR_TO_ITEM,
    CO_VISITED,
    BOUGHT_TOGETHER,
    REVIEW_OF,
    GUIDE_FOR,
    IN_CATEGORY,
    NEW_IN_CATEGORY,
    IN_CART,
    CART_REMINDER,
    PINNED,
)


@dataclass(frozen=True)
class Why:
    """One machine-readable reason (JSON-friendly: `as_dict`, `from_dict`)."""

    kind: str
    item: str | None = None
    group: str | None = None
    value: str | None = None
    count: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Why:
        return cls(**data)

    def as_list(self) -> list[Any]:
        """Compact form for the serving file."""
        return [self.kind, self.item, self.group, self.value, self.count]

    @classmethod
    def from_list(cls, data: list[Any]) -> Why:
        return cls(*data)
