"""The workspace catalog's products as items the simulator's customers choose by taste."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from journeymap.personalize.catalog import Catalog
from journeymap.personalize.catalog_item import CatalogItem
from journeymap.simulate.taste import SimulatedItem


def simulation_items(catalog: Catalog) -> list[SimulatedItem]:
    """Every `product` of the catalog, in catalog order, with the traits it suits.

    An item suits a trait's values through `region`, `level`, `language`, `device` and every
    `properties` key holding a text or a list of texts (`properties.care: easy`,
    `properties.age: 7-10`): a simulated customer whose trait of that name has one of those
    values picks it more often, one whose value differs less often (`simulate.taste`).
    """
    return [_simulated(item) for item in catalog if item.type == "product"]


def _simulated(item: CatalogItem) -> SimulatedItem:
    suits: dict[str, Sequence[str]] = {
        "region": item.region,
        "level": [item.level] if item.level else [],
        "language": [item.language] if item.language else [],
        "device": item.device,
    }
    for key, value in item.properties.items():
        texts = _texts(value)
        if texts and key not in suits:
            suits[key] = texts
    return SimulatedItem(
        id=item.id,
        category=item.category,
        price=item.price,
        suits={key: list(values) for key, values in suits.items() if values},
    )


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    return []


def workspace_simulation_items(map_path: Path) -> list[SimulatedItem]:
    """The products of the catalog of the workspace holding `map_path` (none outside a
    workspace or without a catalog). Raises `CatalogError` for a catalog with mistakes."""
    from journeymap.model.workspace import find_workspace
    from journeymap.personalize.catalog import load_catalog

    workspace = find_workspace(map_path)
    if workspace is None:
        return []
    return simulation_items(load_catalog(workspace))
