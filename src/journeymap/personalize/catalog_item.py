"""One recommendable item of the content catalog: a product, review, case, tutorial, article or
e-mail block, with what it suits (regions, language, level, device, stages)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from journeymap.i18n import gettext as _

ItemType = Literal["product", "review", "case", "tutorial", "article", "email_block"]
ITEM_TYPES: tuple[str, ...] = ("product", "review", "case", "tutorial", "article", "email_block")
LIST_FIELDS = ("tags", "region", "device", "stages", "about")


class CatalogItem(BaseModel):
    """An item of `content/`. Unknown keys are errors; put your own under `properties`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=200)
    """The id events use for it (`properties.product_id`, `item_id` or `sku`)."""
    type: ItemType
    title: str = Field(min_length=1)
    description: str | None = None
    """Text for content similarity (tags and title count too)."""
    category: str | None = None
    tags: list[str] = Field(default_factory=list)
    region: list[str] = Field(default_factory=list)
    """Regions the item suits; empty: every region."""
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    """Language of the item's text; empty: any (products without text)."""
    level: str | None = None
    """Knowledge or skill level it suits (beginner, A2, expert, ...)."""
    device: list[str] = Field(default_factory=list)
    """Devices it works on (mobile, desktop, ...); empty: every device."""
    stages: list[str] = Field(default_factory=list)
    """Map stage ids it suits; empty: every stage."""
    about: list[str] = Field(default_factory=list)
    """Item ids this content is about (a review of a product, a tutorial for a kit)."""
    price: float | None = Field(default=None, ge=0)
    in_stock: bool = True
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    """Anything else, kept as given (care type, duration, age group, ...)."""

    @field_validator(*LIST_FIELDS, mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return [str(value)]
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        # ids written as numbers (CSV, YAML `id: 1001`) match the text events carry
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _dates_in_order(self) -> CatalogItem:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(
                _(
                    "valid_to {valid_to} is before valid_from {valid_from}",
                    valid_to=self.valid_to,
                    valid_from=self.valid_from,
                )
            )
        return self

    def valid_on(self, day: dt.date) -> bool:
        """True when `day` is within the item's valid dates (open ends are unbounded)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
