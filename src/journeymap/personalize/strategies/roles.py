"""The role a map stage plays in the method, guessed from its id and name (English and Russian).

A stage's role picks its default policy when the workspace gives none. The first role whose
keyword occurs in the stage id (lower-cased) wins, else the first whose keyword occurs in its
name (the id is the same in every language of a map, so it speaks first). The order of the
roles matters because names mix ideas ("repeat-purchase" is loyalty, not purchase). A stage
no keyword matches plays `interest`. `content/policies.yaml` can name the role of a stage
outright (`role:`).
"""

from __future__ import annotations

from typing import Final

from journeymap.model.personalization import ROLES, Role

__all__ = ["FALLBACK_ROLE", "KEYWORDS", "ROLES", "Role", "stage_role"]
FALLBACK_ROLE: Final[Role] = "interest"

KEYWORDS: Final[tuple[tuple[Role, tuple[str, ...]], ...]] = (
    (
        "post_purchase",
        (
            "post-purchase", "post_purchase", "after", "deliver", "unpack", "sowing",
            "onboard", "first-month", "first month", "preparation", "getting ready", "travelling",
            "coming home", "coming-home", "после", "доставк", "распаков", "посев",
            "первый месяц", "подготов", "возвращ",
        ),
    ),
    (
        "loyalty",
        (
            "loyal", "repeat", "reorder", "renew", "retention", "advoca", "recommending",
            "between", "повтор", "продлен", "лояльн", "рекоменд", "между",
        ),
    ),
    (
        "cart",
        (
            "cart", "checkout", "basket", "booking", "pay", "purchase", "order", "корзин",
            "оформлен", "оплат", "бронир", "покупк", "заказ",
        ),
    ),
    (
        "comparison",
        (
            "compar", "choos", "consider", "research", "evaluat", "select", "trial", "сравн",
            "выбор", "рассмотр", "пробн",
        ),
    ),
    ("interest", ("interest", "search", "browse", "explor", "интерес", "поиск", "изуч")),
    ("awareness", ("aware", "realis", "need", "discover", "осознан", "узна", "потребност")),
)  # fmt: skip


def stage_role(stage_id: str, name: str | None = None) -> Role:
    """The role of a stage by the first matching keyword in its id, else its name."""
    for text in (stage_id.lower(), (name or "").lower()):
        for role, words in KEYWORDS:
            if any(word in text for word in words):
                return role
    return FALLBACK_ROLE
