"""JM2xx: personas must be concrete people, with goals and fears."""

from __future__ import annotations

import re
from collections.abc import Iterator

from journeymap.lint.context import Hit, LintContext
from journeymap.lint.rule import rule
from journeymap.model import AgeRange, Persona

MAX_AGE_RANGE = 15
"""A persona's age range wider than this describes a crowd, not a person."""

# Words that make a "name" a segment label ("young mothers", "постоянные клиенты").
_GROUP_WORDS = re.compile(
    r"\b(?:users?|customers?|clients?|buyers?|shoppers?|people|persons|visitors|audience|segment"
    r"|mothers|moms|mums|parents|students|millennials|owners|families|everyone|all"
    r"|пользовател\w*|клиент\w*|покупател\w*|посетител\w*|люди|мамы|родители|студенты"
    r"|молодеж\w*|аудитори\w*|сегмент\w*|семьи|владельцы|все)\b",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 4


def segment_label(name: str) -> str | None:
    """Why `name` reads as a group of people rather than one person, or None if it does not."""
    match = _GROUP_WORDS.search(name.replace("ё", "е"))
    if match:
        return f"'{match.group(0)}' names a group"
    if re.search(r"\d", name):
        return "it contains digits"
    if len(name.split()) > MAX_NAME_WORDS:
        return "it is a description, not a name"
    return None


@rule(
    "JM201",
    "persona-age-range-too-wide",
    "warning",
    f"monster persona: the age range is wider than {MAX_AGE_RANGE} years",
)
def persona_age_range_too_wide(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        if isinstance(persona.age, AgeRange) and persona.age.width > MAX_AGE_RANGE:
            yield Hit(
                ("personas", i, "age"),
                f"monster persona '{persona.id}': age range {persona.age} spans "
                f"{persona.age.width} years (more than {MAX_AGE_RANGE})",
                hint="split the persona, or give one age (34) or a narrow range (30-38)",
            )


def _vagueness(persona: Persona) -> tuple[str, str] | None:
    label = segment_label(persona.name)
    if label:
        return "name", f"the name '{persona.name}' is a segment label: {label}"
    if not persona.occupation and not persona.context:
        return "name", "it has neither an occupation nor a life context"
    return None


@rule(
    "JM202",
    "persona-not-concrete",
    "warning",
    "monster persona: no concrete name, occupation or life context",
)
def persona_not_concrete(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        vague = _vagueness(persona)
        if vague:
            field, why = vague
            yield Hit(
                ("personas", i, field),
                f"monster persona '{persona.id}': {why}",
                hint="give a person's name (Marina), an occupation and the life context "
                "that shapes her journey",
            )


@rule("JM203", "persona-without-goals", "warning", "a persona has no goals")
def persona_without_goals(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        if not persona.goals:
            yield Hit(
                ("personas", i),
                f"persona '{persona.id}' has no goals",
                hint="add `goals:`: what she wants to achieve, in her terms",
            )


@rule("JM204", "persona-without-fears", "warning", "a persona has no fears")
def persona_without_fears(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        if not persona.fears:
            yield Hit(
                ("personas", i),
                f"persona '{persona.id}' has no fears",
                hint="add `fears:`: what worries her; fears explain where she drops off",
            )


PERSONA_RULES = (
    persona_age_range_too_wide,
    persona_not_concrete,
    persona_without_goals,
    persona_without_fears,
)
