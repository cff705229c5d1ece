"""A reason as a sentence in the customer's language, with catalog titles for item ids.

Counts go through `ngettext`, so Russian gets its three plural forms ("1 покупатель",
"2 покупателя", "5 покупателей"); names from data (titles, regions, segments) are quoted
(«...» in Russian) so that they never need a grammatical case.
"""

from __future__ import annotations

from collections.abc import Callable

from journeymap.i18n import gettext as _
from journeymap.i18n import ngettext, use_language
from journeymap.personalize.strategies import why as kinds
from journeymap.personalize.strategies.why import Why


def reason_text(
    why: Why, title: Callable[[str], str], item_title: str, language: str | None = None
) -> str:
    """The sentence for `why` (about the item titled `item_title`) in `language`."""
    with use_language(language):
        return _sentence(why, title, item_title)


def _sentence(why: Why, title: Callable[[str], str], item_title: str) -> str:  # noqa: PLR0912 (one branch per kind)
    other = title(why.item) if why.item else ""
    count = why.count or 0
    kind = why.kind
    if kind == kinds.POPULAR_IN_GROUP and why.value:
        return _popular_in_group(why, count)
    if kind in (kinds.SIMILAR_TO_ITEM, kinds.CO_VISITED) and not other:
        kind = kinds.POPULAR
    if kind == kinds.SIMILAR_TO_ITEM:
        return _("because you viewed {title}", title=_quoted(other))
    if kind == kinds.CO_VISITED:
        return _("often viewed together with {title}", title=_quoted(other))
    if kind == kinds.BOUGHT_TOGETHER and other:
        return ngettext(
            "{count} customer who bought {title} also bought {item}",
            "{count} customers who bought {title} also bought {item}",
            count,
            title=_quoted(other),
            item=_quoted(item_title),
        )
    if kind == kinds.REVIEW_OF and other:
        return _("about {title}, which you viewed", title=_quoted(other))
    if kind == kinds.GUIDE_FOR and other:
        return _("how to get the most from {title}, which you bought", title=_quoted(other))
    if kind == kinds.IN_CATEGORY and why.value:
        return _("matches your interest in {category}", category=_quoted(why.value))
    if kind == kinds.NEW_IN_CATEGORY and why.value:
        return _("new in {category}, which interests you", category=_quoted(why.value))
    if kind == kinds.IN_CART:
        return _("still in your cart: complete your order")
    if kind == kinds.CART_REMINDER:
        return _("a reminder about your cart")
    if kind == kinds.PINNED:
        return _("our pick for you")
    if count:
        return ngettext(
            "popular: {count} customer chose it", "popular: {count} customers chose it", count
        )
    return _("popular with our customers")


def _popular_in_group(why: Why, count: int) -> str:
    value = why.value or ""
    if why.group == "segment_region" and "|" in value:
        segment, region = value.split("|", 1)
        return ngettext(
            "popular among {segment} in {region}: {count} customer chose it",
            "popular among {segment} in {region}: {count} customers chose it",
            count,
            segment=_quoted(segment),
            region=_quoted(region),
        )
    if why.group == "segment":
        return ngettext(
            "popular among {segment}: {count} customer chose it",
            "popular among {segment}: {count} customers chose it",
            count,
            segment=_quoted(value),
        )
    return ngettext(
        "popular in {region}: {count} customer chose it",
        "popular in {region}: {count} customers chose it",
        count,
        region=_quoted(value),
    )


def _quoted(text: str) -> str:
    """A name from data, quoted the way the language quotes titles."""
    return _("“{text}”", text=text)
