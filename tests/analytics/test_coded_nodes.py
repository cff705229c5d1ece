"""Sequence analyses run on integer codes of the nodes; coding and decoding must be lossless."""

from __future__ import annotations

import datetime as dt

from journeymap.analytics.paths import OTHER, variants
from journeymap.analytics.sequences import coded_case_rows, decode
from tests.analytics.conftest import MakeEvents, ToRecords

T0 = dt.datetime(2024, 5, 1)


def test_codes_follow_the_names_and_decode_back(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    names = ["Оплата", "basket", "Basket", "checkout"]
    rows = [
        {"person_id": f"p{i % 3}", "event": name, "timestamp": T0 + dt.timedelta(minutes=i)}
        for i, name in enumerate(names * 2)
    ]
    coded, dictionary = coded_case_rows(make_events(rows))
    codes = {row["name"]: row["code"] for row in to_records(dictionary)}
    assert sorted(codes) == [n for n, _ in sorted(codes.items(), key=lambda kv: kv[1])]
    assert sorted(codes.values()) == list(range(len(names)))
    marked = coded.mutate(node=(coded.ts == T0).ifelse(-7, coded.node))
    decoded = to_records(decode(marked, dictionary, "node", {-7: "__first__"}).select("node"))
    expected = ["__first__", *names[1:], *names]
    assert sorted(row["node"] for row in decoded) == sorted(expected)


def test_variant_ties_at_the_cut_break_by_names_shorter_first(
    make_events: MakeEvents, to_records: ToRecords
) -> None:
    # four variants with one case each: A, A → B, B, C; top 2 keeps A and A → B
    paths = {"p1": "A", "p2": "AB", "p3": "B", "p4": "C"}
    rows = [
        {"person_id": person, "event": event, "timestamp": T0 + dt.timedelta(minutes=i)}
        for person, path in paths.items()
        for i, event in enumerate(path)
    ]
    found = to_records(variants(make_events(rows), top=2))
    assert {row["variant"]: row["cases"] for row in found} == {"A": 1, "A → B": 1, OTHER: 2}
