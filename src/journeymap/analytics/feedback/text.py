"""Text basics for Russian and English feedback: language guess, tokens, Snowball stems.

Stemming uses the Snowball stemmers of `snowballstemmer` (pure Python, the rules ship inside the
package), so "понравилось" and "понравился" meet at "понрав" and "delayed" and "delays" at
"delay". Nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import snowballstemmer  # type: ignore[import-untyped]  # ships no type information

from journeymap.i18n import gettext as _

LANGUAGES: Final = ("en", "ru")
_STEMMER_NAMES: Final = {"en": "english", "ru": "russian"}

# Handles, links and HTML entities carry no sentiment; hashtags keep their word (#fail -> fail).
_NOISE = re.compile(r"@\w+|https?://\S+|www\.\S+|&\w+;")
# Eyes, optional nose, mouth; not inside words or times ("10:30"). A bare ")" or "(" left after
# removing parentheticals is the Russian-style smile or frown.
EMOTICON_PATTERN = r"(?<![\w:])[:;=xX]['\-^]?[)(\]\[DPpOo/\\|*]+(?![\w])|[)(]+|<3"
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_TOKEN = re.compile(
    rf"(?P<emoticon>{EMOTICON_PATTERN})"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)"
    r"|(?P<stop>[.!?;…]+)"
    r"|(?P<comma>[,:—–-])",
    re.UNICODE,
)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    """A word (lower case, `ё` as `е`), an emoticon, or punctuation (`stop` / `comma`)."""

    text: str
    kind: str  # word | emoticon | stop | comma
    exclaim: bool = False
    """For `stop`: the punctuation contains `!`."""


def detect_language(text: str) -> str:
    """`ru` when most letters are Cyrillic, else `en`."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(_NOISE.sub(" ", text)))
    return "ru" if cyrillic > latin else "en"


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` without handles and links; words are lower-cased."""
    tokens: list[Token] = []
    cleaned = _NOISE.sub(" ", text)
    # "(DFW)" or "(см. меню)" are asides, not emoticons: keep their words, drop the brackets.
    while (unwrapped := _PARENTHETICAL.sub(r" \1 ", cleaned)) != cleaned:
        cleaned = unwrapped
    for match in _TOKEN.finditer(cleaned):
        kind = match.lastgroup or "word"
        value = match.group()
        if kind == "word":
            value = value.lower().replace("ё", "е").replace("’", "'")
        tokens.append(Token(value, kind, exclaim=kind == "stop" and "!" in value))
    return tokens


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a lower-case word (`en` or `ru`)."""
    word = word.lower().replace("ё", "е")
    if language == "en":
        # Snowball keeps the apostrophe forms apart: "didn't" -> "didn't", "flight's" -> "flight".
        word = word.removesuffix("'s")
    return str(_stemmer(language).stemWord(word))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> Any:
    name = _STEMMER_NAMES.get(language)
    if name is None:
        raise ValueError(
            _(
                "no stemmer for language {language!r}; use {languages}",
                language=language,
                languages=", ".join(LANGUAGES),
            )
        )
    return snowballstemmer.stemmer(name)
