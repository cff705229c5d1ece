"""Words people write where an emotion score belongs, with the score they usually mean.

Used only to suggest a number when a map says `marina: вдохновение`: the author decides.
Stems, so that Russian endings (`тревога`, `тревожно`, `тревожность`) match one entry.
"""

from __future__ import annotations

_STEMS: dict[str, int] = {
    # Russian
    "вдохнов": 2,
    "восторг": 2,
    "радост": 2,
    "радуе": 2,
    "счаст": 2,
    "восхищ": 2,
    "довол": 1,
    "интерес": 1,
    "любопыт": 1,
    "надежд": 1,
    "надеет": 1,
    "уверен": 1,
    "облегч": 1,
    "спокой": 0,
    "нейтрал": 0,
    "равнодуш": 0,
    "сомнев": -1,
    "сомнен": -1,
    "тревог": -1,
    "тревож": -1,
    "растерян": -1,
    "неуверен": -1,
    "скук": -1,
    "устал": -1,
    "беспокой": -1,
    "раздраж": -2,
    "зл": -2,
    "разочаров": -2,
    "гнев": -2,
    "возмущ": -2,
    "отчаян": -2,
    "страх": -2,
    # English
    "inspir": 2,
    "delight": 2,
    "excit": 2,
    "happy": 2,
    "joy": 2,
    "pleas": 1,
    "curious": 1,
    "interest": 1,
    "hope": 1,
    "confident": 1,
    "relie": 1,
    "calm": 0,
    "neutral": 0,
    "indifferent": 0,
    "unsure": -1,
    "doubt": -1,
    "anxious": -1,
    "worried": -1,
    "confus": -1,
    "bored": -1,
    "tired": -1,
    "annoy": -2,
    "frustrat": -2,
    "angry": -2,
    "anger": -2,
    "disappoint": -2,
    "furious": -2,
    "despair": -2,
}


def suggested_score(word: str) -> int | None:
    """The score a feeling word usually means on the -2..+2 scale; None when unknown.

    A negation (`не доволен`, `not happy`) turns the sign, as a reader would."""
    text = word.lower().strip()
    negated = text.startswith(("не ", "not "))
    for token in text.split():
        for stem in sorted(_STEMS, key=len, reverse=True):
            if token.startswith(stem):
                return -_STEMS[stem] if negated else _STEMS[stem]
    return None
