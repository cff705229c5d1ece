"""Words that mark offline steps and post-purchase stages, in English and Russian.

Matching is on lower-cased text with `ё` read as `е`. English entries are whole words; Russian
entries are stems matched at the start of a word, so every case ending is covered
(`доставк` finds доставка, доставки, доставкой).
"""

from __future__ import annotations

import re

# Phrases that contain an offline word but mean something online; removed before matching.
_ONLINE_PHRASES = (
    r"app ?store",
    r"play ?store",
    r"online (?:store|shop)",
    r"web ?store",
    r"e-?mail",
    r"video ?calls?",
    r"call[- ]to[- ]action",
    r"интернет[- ]магазин\w*",
    r"онлайн[- ]магазин\w*",
    r"магазин\w* приложений",
    r"электронн\w* почт\w*",
    r"видеозвон\w*",
)

_OFFLINE_EN = (
    r"stores?",
    r"in-store",
    r"brick[- ]and[- ]mortar",
    r"showrooms?",
    r"branch(?:es)?",
    r"offices?",
    r"deliver(?:y|ies|ed)",
    r"couriers?",
    r"pick[- ]?up(?: points?)?",
    r"parcel lockers?",
    r"post office",
    r"call[- ]cent(?:re|er)s?",
    r"contact[- ]cent(?:re|er)s?",
    r"hotline",
    r"phone",
    r"phones",
    r"call(?:s|ed|ing)?",
    r"cashiers?",
    r"checkout counter",
    r"in person",
    r"face[- ]to[- ]face",
    r"kiosks?",
    r"front desk",
    r"reception",
    r"technicians?",
    r"fitting rooms?",
    r"flyers?",
    r"leaflets?",
    r"billboards?",
    r"brochures?",
    r"exhibitions?",
    r"trade shows?",
    r"classrooms?",
    r"hotels?",
    r"airports?",
    r"salons?",
    r"restaurants?",
)

_OFFLINE_RU = (
    r"магазин",
    r"доставк",
    r"доставл",
    r"курьер",
    r"колл?[- ]?центр",
    r"call[- ]центр",
    r"контакт[- ]центр",
    r"горяч\w* лини",
    r"звон",
    r"позвон",
    r"перезвон",
    r"по телефону",
    r"офис",
    r"пункт\w* выдачи",
    r"пвз",
    r"постамат",
    r"почт",
    r"отделени",
    r"филиал",
    r"салон",
    r"шоу-?рум",
    r"касс",
    r"лично",
    r"вживую",
    r"примерк",
    r"замер",
    r"монтаж",
    r"выставк",
    r"ярмарк",
    r"листовк",
    r"буклет",
    r"билборд",
    r"наружн\w* реклам",
    r"аэропорт",
    r"отел[ьяюе]",
    r"гостиниц",
    r"ресепшн",
    r"стойк\w* регистрации",
)

_POST_PURCHASE_EN = (
    r"post ?purchase",
    r"after (?:the )?(?:purchase|sale|sales)",
    r"after ?sales?",
    r"retention",
    r"retain(?:ing)?",
    r"loyal(?:ty)?",
    r"advoca(?:cy|te|tes)",
    r"repeat(?:ed)?",
    r"re ?purchases?",
    r"re ?orders?",
    r"referrals?",
    r"recommend(?:s|ing|ation|ations)?",
    r"word of mouth",
    r"renewals?",
    r"warranty",
    r"usage",
    r"using",
    r"onboarding",
    r"returns?",
    r"returning",
    r"delivery",
    r"(?:keeping|keep|staying|stay) in touch",
    r"relationship",
)

_POST_PURCHASE_RU = (
    r"после покупки",
    r"после продажи",
    r"послепродаж",
    r"постпродаж",
    r"удержани",
    r"лояльн",
    r"повторн",
    r"рекоменд",
    r"сарафан",
    r"отзыв",
    r"возвра",
    r"гаранти",
    r"сопровожд",
    r"обслуживани",
    r"использовани",
    r"эксплуатаци",
    r"доставк",
    r"получени",
    r"продлени",
    r"онбординг",
    r"на связи",
    r"амбассадор",
)


def _words(english: tuple[str, ...], russian: tuple[str, ...]) -> re.Pattern[str]:
    en = "|".join(english)
    ru = "|".join(russian)
    return re.compile(rf"\b(?:(?:{en})\b|(?:{ru})\w*)", re.IGNORECASE)


_ONLINE = re.compile(r"\b(?:" + "|".join(_ONLINE_PHRASES) + r")", re.IGNORECASE)
_OFFLINE = _words(_OFFLINE_EN, _OFFLINE_RU)
_POST_PURCHASE = _words(_POST_PURCHASE_EN, _POST_PURCHASE_RU)


def normalize(text: str) -> str:
    """Lower case, `ё` as `е`, and id separators (`post-purchase`, `repeat_order`) as spaces."""
    return re.sub(r"[_.]", " ", text.lower().replace("ё", "е"))


def offline_word(text: str) -> str | None:
    """The first word in `text` that names an offline step, or None."""
    cleaned = _ONLINE.sub(" ", normalize(text))
    match = _OFFLINE.search(cleaned)
    return match.group(0) if match else None


def names_post_purchase(text: str) -> bool:
    """Whether a stage id or name says it is after the sale (retention, loyalty, advocacy, ...)."""
    return _POST_PURCHASE.search(normalize(text).replace("-", " ")) is not None
