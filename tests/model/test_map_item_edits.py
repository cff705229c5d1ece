"""Edits of existing touchpoints, solutions and KPIs on a map's plain data."""

from __future__ import annotations

from typing import Any

import pytest

from journeymap.model.map_edits import EditError
from journeymap.model.map_item_edits import (
    SimpleBinding,
    compose_measure,
    delete_kpi,
    delete_touchpoint,
    edit_kpi,
    edit_solution,
    edit_touchpoint,
    simple_binding,
)


def _data() -> dict[str, Any]:
    return {
        "touchpoints": [
            {"id": "site", "name": "Site", "kind": "online", "channel": "web",
             "bindings": [{"event": "Viewed"}, {"type": "page", "url": "/cart"}]},
            {"id": "shop", "name": "Shop", "kind": "offline"},
        ],
        "stages": [
            {"id": "buy", "name": "Buy", "touchpoints": ["site", "shop"],
             "barriers": [{"id": "slow", "text": "Slow", "solutions": ["Faster", "Cheaper"]}],
             "kpis": [{"id": "cr", "name": "CR", "measure": "conversion(site -> shop)"}]},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("binding", "row"),
    [
        ({"event": "Viewed"}, SimpleBinding("Viewed")),
        ({"event": "Viewed", "properties": {"room": 2}}, SimpleBinding("Viewed", "room", "2")),
        ({"event": "Viewed", "properties": {"price": {"gte": 1}}}, None),
        ({"event": "Viewed", "channel": "web"}, None),
        ({"type": "page"}, None),
    ],
)
def test_which_bindings_a_row_can_show(binding: dict[str, Any], row: SimpleBinding | None) -> None:
    assert simple_binding(binding) == row


def test_editing_a_touchpoint_replaces_rows_and_keeps_the_rest() -> None:
    data = _data()
    rows = [SimpleBinding("Clicked", "button", "buy"), SimpleBinding(" ")]
    edit_touchpoint(data, "site", name="Website", kind="online", channel="", bindings=rows)
    site = data["touchpoints"][0]
    assert site["name"] == "Website"
    assert "channel" not in site
    assert site["bindings"] == [
        {"event": "Clicked", "properties": {"button": "buy"}},
        {"type": "page", "url": "/cart"},
    ]
    with pytest.raises(EditError, match="nowhere"):
        edit_touchpoint(data, "nowhere", name="x", kind="online")
    delete_touchpoint(data, "shop")
    assert data["stages"][0]["touchpoints"] == ["site"]


def test_a_solution_stays_a_plain_string_until_it_has_more_than_text() -> None:
    data = _data()
    edit_solution(data, "buy", "slow", 0, text="Much faster")
    edit_solution(data, "buy", "slow", 1, text="Cheaper", owner="Ops", effort=2)
    assert data["stages"][0]["barriers"][0]["solutions"] == [
        "Much faster",
        {"text": "Cheaper", "owner": "Ops", "effort": 2},
    ]
    with pytest.raises(EditError):
        edit_solution(data, "buy", "slow", 5, text="x")


def test_kpis_are_edited_and_deleted_and_the_builder_composes_measures() -> None:
    data = _data()
    edit_kpi(data, "buy", "cr", name="Conversion", target="20%", measure="")
    assert data["stages"][0]["kpis"][0] == {"id": "cr", "name": "Conversion", "target": "20%"}
    delete_kpi(data, "buy", "cr")
    assert data["stages"][0]["kpis"] == []
    assert compose_measure("conversion", "site", "shop") == "conversion(site -> shop)"
    assert compose_measure("NPS", "site", "ignored") == "nps(site)"
    assert compose_measure("", "site") == ""
