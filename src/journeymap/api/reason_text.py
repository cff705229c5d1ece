"""Reasons of recommendations as sentences in the request's language."""

from __future__ import annotations

from journeymap.i18n import gettext as _
from journeymap.personalize.catalog import Catalog
from journeymap.personalize.recommenders.reasons import (
    CO_VISITED,
    POPULAR,
    POPULAR_IN_GROUP,
    SIMILAR_CONTENT,
    SIMILAR_TO_ITEM,
    Reason,
)


def item_title(catalog: Catalog, item: str) -> str:
    found = catalog.get(item)
    return found.title if found is not None else item


def reason_text(reason: Reason, catalog: Catalog) -> str:
    """One sentence for a reason; items are named by their catalog title."""
    title = item_title(catalog, reason.item) if reason.item else ""
    if reason.kind == POPULAR:
        return _("Popular with other customers")
    if reason.kind == POPULAR_IN_GROUP:
        return _(
            "Popular among customers with {group} {value}", group=reason.group, value=reason.value
        )
    if reason.kind == SIMILAR_TO_ITEM:
        return _("Customers who liked {title} liked this too", title=title)
    if reason.kind == CO_VISITED:
        return _("Often viewed together with {title}", title=title)
    if reason.kind == SIMILAR_CONTENT:
        return _("Similar to {title}", title=title)
    return _("Recommended for you")
