"""End-to-end analytics: ad spend against attributed orders and revenue (CAC, CPO, ROMI)."""

from journeymap.analytics.costs.result import RoiResult, RoiRow, UnmatchedCost
from journeymap.analytics.costs.roi import canonical_model, label_events, roi

__all__ = ["RoiResult", "RoiRow", "UnmatchedCost", "canonical_model", "label_events", "roi"]
