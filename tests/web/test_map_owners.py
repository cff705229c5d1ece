"""Which users a map's `owner:` field names: user names or e-mail addresses, any case, trimmed,
several of them split on commas and semicolons."""

from __future__ import annotations

import pytest

from journeymap.web.map_owners import owner_names, owner_parts

ACCOUNTS: dict[str, str | None] = {
    "marina": "Marina.Petrova@shop.example",
    "oleg": None,
    "Adam": "adam@shop.example",
}


@pytest.mark.parametrize(
    ("owner", "named"),
    [
        ("marina", {"marina"}),
        ("  MARINA ", {"marina"}),
        ("adam", {"Adam"}),
        ("marina.petrova@SHOP.example", {"marina"}),
        ("Marina, Oleg", {"marina", "oleg"}),
        ("marina; oleg;", {"marina", "oleg"}),
        ("Marketing team, adam@shop.example", {"Adam"}),
        ("Marina и Oleg", set()),  # only commas and semicolons separate owners
        ("Marketing team", set()),
        ("oleg@shop.example", set()),  # oleg gave no address
        ("mar", set()),  # a whole part, never a piece of a name
        ("", set()),
        (None, set()),
    ],
)
def test_an_owner_field_names_users_by_name_or_address(owner: str | None, named: set[str]) -> None:
    assert owner_names(owner, ACCOUNTS) == named


def test_owner_parts_are_trimmed_and_never_empty() -> None:
    assert owner_parts(" Marina ,; Oleg ; ") == ["Marina", "Oleg"]
    assert owner_parts(None) == []
