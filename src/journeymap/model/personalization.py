"""Stage policies for recommendations: the map's `personalization:` block (and the entries of
`content/policies.yaml`, which have the same shape). What they mean and the defaults of each
role: docs/personalization.md ("Strategies by stage")."""

from __future__ import annotations

from typing import Final, Literal

from pydantic import Field

from journeymap.model.base import MapModel

Role = Literal["awareness", "interest", "comparison", "cart", "post_purchase", "loyalty"]
ROLES: Final[tuple[Role, ...]] = Role.__args__  # type: ignore[attr-defined]  # Literal's values
Source = Literal[
    "popular",
    "popular_in_region",
    "popular_in_segment",
    "popular_in_segment_region",
    "similar_viewed",
    "co_visited",
    "bought_together",
    "reviews",
    "tutorials",
    "cart",
    "reminder",
    "new_in_interests",
]
SOURCES: Final[tuple[str, ...]] = Source.__args__  # type: ignore[attr-defined]  # Literal's values
# The catalog's item types (`personalize.catalog_item.ITEM_TYPES`; a test keeps them equal: the
# model layer cannot import the catalog).
ItemTypeName = Literal["product", "review", "case", "tutorial", "article", "email_block"]


class SourceWeight(MapModel):
    """One source of candidates and its weight in the blend."""

    source: Source
    """Where candidates come from (popular, similar_viewed, reviews, cart, ...)."""
    weight: float = Field(default=1.0, gt=0)
    """Its weight in the blend (scores are divided by the source's best first)."""


class Filters(MapModel):
    """Which items may be shown. Person-dependent filters pass when the person's value is
    unknown; attribute filters pass items the catalog lacks."""

    language: bool = True
    """The item's language (if any) is the customer's."""
    device: bool = True
    """The item's devices (if any) include the customer's device."""
    level: bool = True
    """The item's level (if any) is the customer's `level` trait."""
    region: bool = True
    """The item's regions (if any) include the customer's `region` trait."""
    in_stock: bool = True
    """The item is in stock and valid on the serving day."""
    not_bought: bool = True
    """Items the customer bought are not shown again."""
    stage: bool = True
    """The item's stages (if any) include the stage served."""
    types: list[ItemTypeName] = Field(default_factory=list)
    """Only items of these catalog types (empty: any; items missing from the catalog fail)."""
    exclude_categories: list[str] = Field(default_factory=list)
    """Items of these categories are never shown."""


class StagePolicy(MapModel):
    """What one stage is served. `sources` empty: the role's defaults."""

    role: Role | None = None
    """The stage's role in the method; unset: guessed from the stage id and name."""
    sources: list[SourceWeight] = Field(default_factory=list)
    """Sources to blend, with weights; empty: the role's default sources."""
    filters: Filters = Field(default_factory=Filters)
    """Which filters apply (each on or off)."""
    max_per_category: int | None = Field(default=3, ge=1)
    """Diversity: at most this many items of one category (null: no limit)."""
    pin: list[str] = Field(default_factory=list)
    """Catalog item ids shown first (if they pass the filters), in this order."""
    exclude: list[str] = Field(default_factory=list)
    """Item ids never shown at this stage."""


class MapPolicy(MapModel):
    """The stage policies of one map: `defaults` for every stage, `stages` by stage id."""

    defaults: StagePolicy = Field(default_factory=StagePolicy)
    """Settings every stage starts from."""
    stages: dict[str, StagePolicy] = Field(default_factory=dict)
    """Policies by stage id; a stage's settings win over `defaults`, filter by filter."""
