"""Column headers of ad platform cost exports, in Russian and English, and what each means.

Each field lists the headers the platforms write for it (compared case-insensitively, with
spaces collapsed and a trailing currency such as `, ₽`, `(руб.)` or `(USD)` removed first):

- Yandex Direct, Мастер отчётов (report wizard) and the Reports API (`Date`, `CampaignName`,
  `CampaignId`, `AdGroupName`, `Impressions`, `Clicks`, `Cost`);
- VK Ads (VK Реклама) statistics export (`Дата`, `Кампания`, `ID кампании`, `Показы`,
  `Клики`, `Потрачено`/`Списания`);
- Google Ads report downloads (`Day`, `Campaign`, `Campaign ID`, `Ad group`, `Impr.`,
  `Clicks`, `Cost`, `Currency code`);
- Meta Ads Manager exports (`Reporting starts`, `Campaign name`, `Ad set name`, `Impressions`,
  `Link clicks`, `Amount spent (USD)`, `Currency`).
"""

from __future__ import annotations

import re
from typing import Final

PLATFORMS: Final = ("yandex-direct", "vk-ads", "google-ads", "meta-ads")

DEFAULT_CHANNEL: Final[dict[str, str]] = {
    "yandex-direct": "yandex",
    "vk-ads": "vk",
    "google-ads": "google",
    "meta-ads": "facebook",
}
"""The `utm_source` each platform's links usually carry: the cost rows' channel unless the
file has a source column or `--channel` says otherwise."""

FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "date": ("день", "дата", "date", "day", "reporting starts", "начало отчетности", "period"),
    "campaign": (
        "кампания", "название кампании", "campaign", "campaign name", "campaignname",
    ),
    "campaign_id": (
        "№ кампании", "id кампании", "campaign id", "campaignid", "идентификатор кампании",
    ),
    "ad_group": (
        "группа", "группа объявлений", "название группы", "ad group", "adgroupname",
        "ad set name", "группа объявлений (название)",
    ),
    "source": ("utm_source", "источник", "source"),
    "medium": ("utm_medium", "medium"),
    "impressions": ("показы", "impressions", "impr.", "impr", "shows"),
    "clicks": ("клики", "clicks", "link clicks", "клики по ссылке"),
    "cost": (
        "расход", "расходы", "потрачено", "списания", "стоимость", "cost", "spent", "amount",
        "amount spent", "потраченная сумма", "сумма",
    ),
    "currency": ("валюта", "currency", "currency code", "код валюты"),
}  # fmt: skip

SIGNATURES: Final[dict[str, tuple[str, ...]]] = {
    "meta-ads": ("reporting starts", "amount spent", "ad set name", "link clicks"),
    "google-ads": ("impr.", "currency code", "ad group", "код валюты", "идентификатор кампании"),
    "vk-ads": ("потрачено", "списания", "shows", "id кампании"),
    "yandex-direct": ("расход", "№ кампании", "campaignname", "день"),
}
"""Headers only one platform writes: `--source auto` picks the platform with most of them."""

_CURRENCY_SUFFIX = re.compile(
    r"\s*(?:,\s*(?:₽|руб\.?|rub|usd|eur|\$|€)|\((?:₽|руб\.?|[a-z]{3}|\$|€)\))\s*$", re.IGNORECASE
)
_CURRENCY_IN_HEADER = re.compile(r"\((?P<code>[A-Za-z]{3})\)|,\s*(?P<sign>₽|\$|€)|\(руб\.?\)")
_SIGNS: Final = {"₽": "RUB", "$": "USD", "€": "EUR"}


def normalize_header(header: str) -> str:
    """`"Расход, ₽"` -> `"расход"`, `"Amount spent (USD)"` -> `"amount spent"`."""
    text = " ".join(header.replace("\ufeff", "").split()).lower()
    return _CURRENCY_SUFFIX.sub("", text).strip()


def header_currency(header: str) -> str | None:
    """The currency a cost header names (`(USD)` -> USD, `, ₽` or `(руб.)` -> RUB)."""
    found = _CURRENCY_IN_HEADER.search(header)
    if found is None:
        return None
    if found.group("code"):
        return found.group("code").upper()
    if found.group("sign"):
        return _SIGNS[found.group("sign")]
    return "RUB"


def field_of(header: str) -> str | None:
    """The cost field a header holds, or None for a column we do not read."""
    name = normalize_header(header)
    for field, names in FIELDS.items():
        if name in names:
            return field
    return None


def guess_platform(headers: list[str]) -> str | None:
    """The platform whose distinctive headers the file has most of (None when none)."""
    names = {normalize_header(h) for h in headers}
    scores = {p: sum(s in names for s in marks) for p, marks in SIGNATURES.items()}
    best = max(scores, key=lambda p: scores[p])
    return best if scores[best] > 0 else None
