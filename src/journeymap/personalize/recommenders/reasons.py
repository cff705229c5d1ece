"""Why an item was recommended, as data (sentences in the customer's language come later).

| kind | meaning | filled |
|---|---|---|
| `popular` | among the most popular items of everyone | |
| `popular_in_group` | popular among persons of the same group | `group` (column), `value` |
| `similar_to_item` | people who liked `item` (seen by this person) also liked it | `item` |
| `co_visited` | visited in the same sessions as `item` | `item` |
| `similar_content` | its tags and text are close to `item` | `item` |
"""

from __future__ import annotations

from typing import Final, NamedTuple

POPULAR: Final = "popular"
POPULAR_IN_GROUP: Final = "popular_in_group"
SIMILAR_TO_ITEM: Final = "similar_to_item"
CO_VISITED: Final = "co_visited"
SIMILAR_CONTENT: Final = "similar_content"
KINDS: Final = (POPULAR, POPULAR_IN_GROUP, SIMILAR_TO_ITEM, CO_VISITED, SIMILAR_CONTENT)


class Reason(NamedTuple):
    """One machine-readable reason."""

    kind: str
    item: str | None = None
    group: str | None = None
    value: str | None = None
