"""The scipy identity graph gives exactly the persons and merges of the union-find reference."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from journeymap.events.identity import Link, person_ids
from journeymap.events.identity_graph import KNOWN, stitch_codes

IDS = ["a1", "a2", "a3", "a4", "a5", "u1", "u2", "u3"]

pairs = st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(IDS)), max_size=14)


def _labels_to_groups(labels: list[int]) -> set[frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for item, label in zip(IDS, labels, strict=True):
        groups.setdefault(label, set()).add(item)
    return {frozenset(group) for group in groups.values()}


@given(known=pairs, new=pairs)
def test_components_and_merges_match_the_union_find(
    known: list[tuple[str, str]], new: list[tuple[str, str]]
) -> None:
    links = sorted(
        (Link(min(a, b), max(a, b), "identify", f"m{i:02d}") for i, (a, b) in enumerate(new)),
        key=lambda k: (k.a, k.b, k.message_id),
    )
    links = [link for link in links if link.a != link.b]
    expected, merges = person_ids(IDS, {"u1", "u2", "u3"}, links, known)
    code = {item: i for i, item in enumerate(IDS)}
    best: dict[tuple[int, int], int] = {}
    for a, b in known:
        if a != b:
            pair = (min(code[a], code[b]), max(code[a], code[b]))
            best[pair] = KNOWN
    for weight, link in enumerate(links, start=KNOWN + 1):
        pair = (min(code[link.a], code[link.b]), max(code[link.a], code[link.b]))
        best.setdefault(pair, weight)
    edges = np.array([[a, b, w] for (a, b), w in best.items()], dtype=np.int64).reshape(-1, 3)
    labels, joined = stitch_codes(len(IDS), edges[:, 0], edges[:, 1], edges[:, 2])
    groups: dict[str, set[str]] = {}
    for item, person in expected.items():
        groups.setdefault(person, set()).add(item)
    assert _labels_to_groups(labels.tolist()) == {frozenset(g) for g in groups.values()}
    assert [links[w - KNOWN - 1] for w in joined.tolist()] == [m.link for m in merges]
