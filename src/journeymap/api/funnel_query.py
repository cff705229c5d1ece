"""The funnel's options of `journeymap analyze funnel` as query parameters, checked against each
other before any data is read, so that a refusal names the parameter to fix."""

from __future__ import annotations

import re
from typing import Any

from journeymap.api.errors import ApiError
from journeymap.i18n import gettext as _

ATTRIBUTION = re.compile(r"^(first_touch|last_touch|step:[0-9]+)$")


def funnel_options(
    steps: list[str],
    *,
    window: str,
    order: str,
    exclude: list[str],
    optional: list[int],
    breakdown: str | None,
    attribution: str,
    count: str,
) -> dict[str, Any]:
    """The keyword arguments of `analytics.funnel.funnel` (and `funnel_by_segment`)."""
    n = len(steps)
    if not ATTRIBUTION.match(attribution) or (
        attribution.startswith("step:") and not 1 <= int(attribution[5:]) <= n
    ):
        message = _(
            "attribution is first_touch, last_touch or step:N with N a step (1..{count})", count=n
        )
        raise ApiError(422, "invalid_attribution", message, "attribution")
    if any(not 2 <= number <= n for number in optional):
        message = _("optional steps are step numbers 2..{count} (step 1 is required)", count=n)
        raise ApiError(422, "invalid_optional", message, "optional")
    if order == "strict" and optional:
        message = _("a strict funnel cannot have optional steps")
        raise ApiError(422, "invalid_optional", message, "optional")
    ordered_only = optional or exclude or attribution != "first_touch" or count != "persons"
    if order == "unordered" and ordered_only:
        message = _(
            "optional steps, exclusions, another attribution than first_touch and counting "
            "conversions need order=ordered or strict"
        )
        raise ApiError(422, "invalid_order", message, "order")
    return {
        "window": window,
        "order": order,
        "exclusions": exclude,
        "optional_steps": optional,
        "breakdown": breakdown,
        "breakdown_attribution": attribution,
        "count": count,
    }
