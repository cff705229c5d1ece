"""The `[costs]` table of `journeymap.toml`: how ad spend is read against revenue."""

from __future__ import annotations

from pydantic import Field

from journeymap.model.base import MapModel


class CostsSettings(MapModel):
    """Settings of the channel economics (report section, `romi`/`cac`/`cpa`/`drr` KPIs)."""

    rates: str | None = None
    """Rates file (`currency,rate,to`, relative to the workspace) converting costs and revenue
    in other currencies into one; unset: several currencies are an error naming them."""
    model: str = Field(
        default="linear",
        pattern=r"^(first|last|position|first_touch|last_touch|linear|time_decay|"
        r"position_based|markov|shapley)$",
    )
    """Attribution model that credits orders and revenue to channels."""
