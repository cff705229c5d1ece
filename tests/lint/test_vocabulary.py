"""Offline steps and post-purchase stages are recognised in English and Russian."""

from __future__ import annotations

import pytest

from journeymap.lint.vocabulary import names_post_purchase, offline_word


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Visits the store to see the seedlings", "store"),
        ("Waits for the courier", "courier"),
        ("Phones the call centre", "phones"),
        ("Asks the call centre", "call centre"),
        ("Picks the order up at a pick-up point", "pick-up point"),
        ("Home delivery", "delivery"),
        ("Заходит в магазин у дома", "магазин"),
        ("Ждёт курьера", "курьера"),
        ("Звонит в колл-центр", "звонит"),
        ("Забирает заказ в пункте выдачи", "пункте выдачи"),
        ("Доставка до двери", "доставка"),
        ("Приходит в офис", "офис"),
    ],
)
def test_offline_steps_are_found(text: str, word: str) -> None:
    assert offline_word(text) == word


@pytest.mark.parametrize(
    "text",
    [
        "Browses the catalog",
        "Orders in the online store",
        "Installs the app from the App Store",
        "Reads the e-mail",
        "Clicks the call to action",
        "Заказывает в интернет-магазине",
        "Пишет на электронную почту",
        "Сервис предоставляет скидку",  # 'предоставляет' is not 'доставка'
        "Смотрит видеозвонок с менеджером",
    ],
)
def test_online_steps_are_not_offline(text: str) -> None:
    assert offline_word(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "post-purchase",
        "Post purchase",
        "retention",
        "repeat_purchase",
        "Loyalty",
        "Advocacy",
        "Referral",
        "Keeping in touch and repeat purchase",
        "После покупки",
        "Удержание",
        "Лояльность",
        "Повторная покупка",
        "Рекомендация друзьям",
        "Доставка и гарантия",
    ],
)
def test_post_purchase_stages_are_found(text: str) -> None:
    assert names_post_purchase(text)


@pytest.mark.parametrize(
    "text", ["awareness", "Purchase", "checkout", "Покупка", "Интерес", "Оформление заказа"]
)
def test_stages_before_the_sale_are_not_post_purchase(text: str) -> None:
    assert not names_post_purchase(text)
