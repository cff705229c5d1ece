"""Stage policies: which sources to blend (with weights) and which filters apply.

A `StagePolicy` is what a stage is served; a `MapPolicy` holds one per stage of a map (both are
map models, `journeymap.model.personalization`, since a map may carry its policy). Where the
workspace says nothing, `default_policy(role)` follows the method (see docs/personalization.md):

| role | sources |
|---|---|
| awareness | popular in her segment and region, then in her region, her segment, everyone |
| interest | similar to what she viewed, co-visited, popular in her region |
| comparison | reviews and cases about what she viewed or her categories, similar items |
| cart | the cart's items, a reminder (e-mail blocks tagged `reminder` or `cart`), co-visited |
| post_purchase | bought together with her purchases, tutorials and articles for them |
| loyalty | new items in her categories, similar to what she viewed |
"""

from __future__ import annotations

from typing import Any, Final

from journeymap.model.personalization import (
    SOURCES,
    Filters,
    MapPolicy,
    Role,
    Source,
    SourceWeight,
    StagePolicy,
)

__all__ = [
    "DEFAULT_SOURCES",
    "SOURCES",
    "Filters",
    "MapPolicy",
    "Source",
    "SourceWeight",
    "StagePolicy",
    "default_policy",
    "resolve",
]


def _weights(*pairs: tuple[Source, float]) -> list[SourceWeight]:
    return [SourceWeight(source=source, weight=weight) for source, weight in pairs]


DEFAULT_SOURCES: Final[dict[Role, list[SourceWeight]]] = {
    "awareness": _weights(
        ("popular_in_segment_region", 1.0),
        ("popular_in_region", 0.6),
        ("popular_in_segment", 0.4),
        ("popular", 0.2),
    ),
    "interest": _weights(
        ("similar_viewed", 1.0), ("co_visited", 0.5), ("popular_in_region", 0.1), ("popular", 0.05)
    ),
    "comparison": _weights(("reviews", 1.0), ("similar_viewed", 0.3), ("popular", 0.05)),
    "cart": _weights(("cart", 1.0), ("reminder", 0.8), ("co_visited", 0.2), ("popular", 0.05)),
    "post_purchase": _weights(("bought_together", 1.0), ("tutorials", 1.0), ("popular", 0.05)),
    "loyalty": _weights(("new_in_interests", 1.0), ("similar_viewed", 0.3), ("popular", 0.05)),
}
"""Every role ends with a little of `popular`, so that a person the other sources know
nothing about still gets something (ranked after everything with evidence)."""


def default_policy(role: Role) -> StagePolicy:
    """The method's policy for a role. The cart keeps items of any stage (they are hers)."""
    filters = Filters(stage=False) if role == "cart" else Filters()
    return StagePolicy(role=role, sources=DEFAULT_SOURCES[role], filters=filters)


def resolve(policy: StagePolicy | None, defaults: StagePolicy, role: Role) -> StagePolicy:
    """A stage's effective policy: its own settings over the map's defaults over the role's."""
    base = default_policy(role)
    merged = base.model_dump(exclude_unset=True)
    for layer in (defaults, policy):
        if layer is not None:
            _merge(merged, layer.model_dump(exclude_unset=True))
    merged["role"] = role
    if not merged.get("sources"):
        merged["sources"] = base.model_dump()["sources"]
    return StagePolicy.model_validate(merged)


def _merge(into: dict[str, Any], layer: dict[str, Any]) -> None:
    """Set what `layer` sets; filters merge key by key (a stage may switch off one filter)."""
    for key, value in layer.items():
        if key == "filters" and isinstance(into.get(key), dict):
            into[key] = into[key] | value
        else:
            into[key] = value
