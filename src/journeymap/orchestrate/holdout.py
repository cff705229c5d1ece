"""Sticky assignments from a hash: the same person always lands in the same group, without a
table of assignments, and groups of different chains are independent of each other."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

GLOBAL = "*global*"
"""The salt of the global control group (held out of every chain)."""


def unit(*parts: str) -> float:
    """A number in [0, 1) fixed by `parts` (SHA-256 of them, first 8 bytes)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def in_holdout(person_id: str, chain_id: str, share: float) -> bool:
    """Whether `person_id` is in the chain's control group of size `share`."""
    return share > 0 and unit("holdout", chain_id, person_id) < share


def in_global_holdout(person_id: str, share: float) -> bool:
    return share > 0 and unit("holdout", GLOBAL, person_id) < share


def pick_arm(weights: Sequence[float], *parts: str) -> int:
    """The index of a weighted arm for `parts` (sticky: the same parts, the same arm)."""
    point = unit("split", *parts) * sum(weights)
    for index, weight in enumerate(weights):
        point -= weight
        if point < 0:
            return index
    return len(weights) - 1
