"""JM2xx: personas must be concrete people, with goals and fears."""

from __future__ import annotations

import re
from collections.abc import Iterator

from journeymap.i18n import N_, ngettext
from journeymap.i18n import gettext as _
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
        return _("'{word}' names a group", word=match.group(0))
    if re.search(r"\d", name):
        return _("it contains digits")
    if len(name.split()) > MAX_NAME_WORDS:
        return _("it is a description, not a name")
    return None


@rule(
    "JM201",
    "persona-age-range-too-wide",
    "warning",
    N_("monster persona: the age range is wider than {limit} years"),
    limit=lambda: MAX_AGE_RANGE,
)
def persona_age_range_too_wide(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        if isinstance(persona.age, AgeRange) and persona.age.width > MAX_AGE_RANGE:
            yield Hit(
                ("personas", i, "age"),
                ngettext(
                    "monster persona '{id}': age range {range} spans {count} year "
                    "(more than {limit})",
                    "monster persona '{id}': age range {range} spans {count} years "
                    "(more than {limit})",
                    persona.age.width,
                    id=persona.id,
                    range=persona.age,
                    limit=MAX_AGE_RANGE,
                ),
                hint=_("split the persona, or give one age (34) or a narrow range (30-38)"),
            )


def _vagueness(persona: Persona) -> tuple[str, str] | None:
    label = segment_label(persona.name)
    if label:
        return "name", _(
            "the name '{name}' is a segment label: {why}", name=persona.name, why=label
        )
    if not persona.occupation and not persona.context:
        return "name", _("it has neither an occupation nor a life context")
    return None


@rule(
    "JM202",
    "persona-not-concrete",
    "warning",
    N_("monster persona: no concrete name, occupation or life context"),
)
def persona_not_concrete(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        vague = _vagueness(persona)
        if vague:
            field, why = vague
            yield Hit(
                ("personas", i, field),
                _("monster persona '{id}': {why}", id=persona.id, why=why),
                hint=_(
                    "give a person's name (Marina), an occupation and the life context "
                    "that shapes her journey"
                ),
            )


@rule("JM203", "persona-without-goals", "warning", N_("a persona has no goals"))
def persona_without_goals(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        if not persona.goals:
            yield Hit(
                ("personas", i),
                _("persona '{id}' has no goals", id=persona.id),
                hint=_("add `goals:`: what she wants to achieve, in her terms"),
            )


@rule("JM204", "persona-without-fears", "warning", N_("a persona has no fears"))
def persona_without_fears(ctx: LintContext) -> Iterator[Hit]:
    for i, persona in enumerate(ctx.map.personas):
        if not persona.fears:
            yield Hit(
                ("personas", i),
                _("persona '{id}' has no fears", id=persona.id),
                hint=_("add `fears:`: what worries her; fears explain where she drops off"),
            )


PERSONA_RULES = (
    persona_age_range_too_wide,
    persona_not_concrete,
    persona_without_goals,
    persona_without_fears,
)
