"""Russian words a marketer types for the map's enumerated values, read as the canonical value.

`kind: офлайн`, `severity: критично`, `source: интервью`, `status: в работе` are read as
`offline`, `critical`, `interview`, `in-progress`. Matching ignores case, `ё`/`е` and the
separators between words (`в работе`, `в-работе`, `в_работе`). Values not listed here are passed
on unchanged, so the model's own check reports them with the list of allowed values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "online": ("онлайн", "онлайновый", "цифровой", "в сети", "интернет"),
        "offline": ("офлайн", "оффлайн", "офлайновый", "физический", "вживую"),
    },
    "severity": {
        "low": ("низкий", "низкая", "низко", "слабый", "слабая", "незначительный", "низк"),
        "medium": ("средний", "средняя", "средне", "умеренный", "умеренная"),
        "high": ("высокий", "высокая", "высоко", "серьёзный", "серьёзная", "сильный", "сильная"),
        "critical": ("критично", "критичный", "критичная", "критический", "критическая"),
    },
    "source": {
        "survey": ("опрос", "анкета", "анкетирование", "опросы"),
        "interview": ("интервью", "глубинное интервью", "беседа"),
        "analytics": ("аналитика", "данные", "метрики", "веб-аналитика"),
        "support": ("поддержка", "обращения", "служба поддержки", "жалобы"),
        "observation": ("наблюдение", "наблюдения", "полевое исследование"),
        "assumption": ("гипотеза", "предположение", "допущение", "догадка"),
    },
    "status": {
        "idea": ("идея",),
        "planned": ("запланировано", "запланирован", "запланирована", "в плане", "план"),
        "in-progress": ("в работе", "в процессе", "делается", "выполняется"),
        "done": ("готово", "сделано", "выполнено", "завершено", "внедрено"),
        "rejected": ("отклонено", "отклонён", "отклонена", "отказ", "не будем делать"),
    },
    "direction": {
        "increase": ("рост", "увеличение", "увеличить", "повысить", "больше"),
        "decrease": ("снижение", "уменьшение", "уменьшить", "снизить", "меньше"),
    },
    "channel": {
        "web": ("сайт", "веб", "интернет", "веб-сайт", "лендинг"),
        "mobile": ("мобильное приложение", "приложение", "мобильный", "мобайл"),
        "email": ("почта", "электронная почта", "емейл", "имейл", "рассылка", "e-mail"),
        "sms": ("смс",),
        "phone": ("телефон", "звонок", "по телефону"),
        "messenger": ("мессенджер", "мессенджеры", "чат"),
        "social": ("соцсети", "социальные сети", "соцсеть"),
        "store": ("магазин", "розничный магазин", "точка продаж"),
        "showroom": ("шоурум", "шоу-рум", "салон"),
        "delivery": ("доставка", "курьер"),
        "call-centre": ("колл-центр", "кол-центр", "call-центр", "контакт-центр"),
        "offline": ("офлайн", "оффлайн"),
        "support": ("поддержка", "служба поддержки"),
        "crm": ("срм",),
    },
}


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower().replace("ё", "е"))


SYNONYMS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        field: MappingProxyType(
            {_key(word): value for value, words in table.items() for word in words}
        )
        for field, table in _SYNONYMS.items()
    }
)
"""For each kind of value (`kind`, `severity`, `source`, `status`, `direction`, `channel`):
normalised Russian word -> canonical value."""


def canonical(field: str, value: object) -> object:
    """The canonical value for a Russian synonym of `field`'s values; anything else unchanged."""
    if not isinstance(value, str):
        return value
    return SYNONYMS[field].get(_key(value), value)


def synonym_reader(field: str) -> Callable[[object], object]:
    """A function for pydantic's `BeforeValidator` that reads synonyms of `field`'s values."""
    if field not in SYNONYMS:
        raise KeyError(f"no synonyms for {field!r}; known: {', '.join(SYNONYMS)}")

    # a partial, not a closure: the quick check of `validate` names it in its stored schema
    return functools.partial(canonical, field)


def synonyms_of(field: str, value: str) -> list[str]:
    """The Russian words read as `value` (for docs and hints)."""
    return list(_SYNONYMS.get(field, {}).get(value, ()))
