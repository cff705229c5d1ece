"""Identity stitching as a pure function: ids linked by events form one person.

Rules (order-independent, so any order of identify/alias/track calls gives the same persons):
- two ids are linked when one event carries both (an anonymous id and a user id, or an alias's
  previous id and user id); links are transitive (union-find);
- the person id of a component is its smallest user id, or its smallest id when nobody in it
  ever appeared as a user id (plain string order).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Link(NamedTuple):
    """Evidence that two ids are the same person (a tuple: an import builds one per link)."""

    a: str
    b: str
    reason: str  # identify | alias | track | page | ...
    message_id: str


class Merge(NamedTuple):
    """Two previously separate groups of ids joined by `link`."""

    link: Link
    person_id: str


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        root = item
        while parent != root:
            root, parent = parent, self.parent[parent]
        while item != root:  # path compression keeps later finds short
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        self.parent[max(root_a, root_b)] = min(root_a, root_b)
        return True


def person_ids(
    ids: Iterable[str],
    user_ids: set[str],
    links: Iterable[Link],
    groups: Iterable[tuple[str, str]] = (),
) -> tuple[dict[str, str], list[Merge]]:
    """Map every id to its person id.

    `groups` are (id, representative) pairs of already known persons; `links` are new evidence.
    Links are applied in sorted order so the recorded merges are deterministic too.
    """
    forest = UnionFind()
    for item in ids:
        forest.add(item)
    for item, representative in groups:
        forest.union(item, representative)
    joined: list[Link] = []
    for link in sorted(links, key=lambda k: (k.a, k.b, k.message_id)):
        if forest.union(link.a, link.b):
            joined.append(link)
    best: dict[str, str] = {}
    for item in forest.parent:
        root = forest.find(item)
        current = best.get(root)
        if current is None or _better(item, current, user_ids):
            best[root] = item
    mapping = {item: best[forest.find(item)] for item in forest.parent}
    return mapping, [Merge(link, mapping[link.a]) for link in joined]


def _better(candidate: str, current: str, user_ids: set[str]) -> bool:
    candidate_user, current_user = candidate in user_ids, current in user_ids
    if candidate_user != current_user:
        return candidate_user
    return candidate < current
