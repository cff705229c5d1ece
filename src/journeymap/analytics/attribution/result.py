"""What an attribution model returns: credited conversions and value per channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChannelCredit:
    """The share of conversions and conversion value one channel (or touchpoint) earned."""

    label: str
    conversions: float
    value: float


@dataclass(frozen=True)
class AttributionResult:
    """Credits of one model; credits add up to `total_conversions` and `total_value`."""

    model: str
    credits: list[ChannelCredit]
    total_conversions: float
    total_value: float
    details: dict[str, dict[str, float]] = field(default_factory=dict)
    """Model-specific numbers per label, e.g. Markov removal effects."""

    def credit(self, label: str) -> ChannelCredit:
        for item in self.credits:
            if item.label == label:
                return item
        raise KeyError(label)

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "total_conversions": self.total_conversions,
            "total_value": self.total_value,
            "credits": [
                {
                    "label": c.label,
                    "conversions": c.conversions,
                    "value": c.value,
                    **self.details.get(c.label, {}),
                }
                for c in self.credits
            ],
        }
