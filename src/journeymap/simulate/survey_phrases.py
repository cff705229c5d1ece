"""Short simulated survey texts in English and Russian, by tone of the score.

They name everyday shop topics (price, delivery, quality, support, website) so sentiment and
theme analysis have something to find; every answer carrying one is marked simulated.
"""

from __future__ import annotations

from collections.abc import Mapping

PHRASES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "en": {
        "negative": (
            "The delivery price was a nasty surprise at checkout",
            "Too expensive, the shipping fee doubles the cost",
            "Delivery was late and the tracking never updated",
            "The parcel arrived a week late",
            "Poor quality, half of the seeds did not sprout",
            "Called support twice, nobody called back",
            "The website search is confusing, could not find my region",
        ),
        "neutral": (
            "It was okay, nothing special",
            "Delivery took a while but the parcel arrived",
            "Fine, the prices are average",
        ),
        "positive": (
            "Great choice of seeds, very helpful advice",
            "Fast delivery, everything arrived well packed",
            "Excellent quality, everything sprouted",
            "Friendly support, quick and helpful answers",
        ),
    },
    "ru": {
        "negative": (
            "Стоимость доставки неприятно удивила в самом конце",
            "Слишком дорого, доставка стоит как половина заказа",
            "Доставка задержалась, трекинг не обновлялся",
            "Посылка пришла на неделю позже, ждали очень долго",
            "Плохое качество, половина семян не дала всходы",
            "Звонила в поддержку дважды, никто не перезвонил",
            "На сайте неудобный поиск, не нашла свой регион",
        ),
        "neutral": (
            "Нормально, ничего особенного",
            "Доставка шла долго, но посылка пришла",
            "В целом неплохо, цены средние",
        ),
        "positive": (
            "Отличный выбор семян, очень полезные советы",
            "Быстрая доставка, всё хорошо упаковано",
            "Отличное качество, всё взошло",
            "Вежливая поддержка, быстро и по делу ответили",
        ),
    },
}


def phrases(language: str | None, tone: str) -> tuple[str, ...]:
    """The phrases of `tone` (negative, neutral, positive) in `language` (English otherwise)."""
    return PHRASES.get(language or "en", PHRASES["en"])[tone]
