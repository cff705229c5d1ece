"""Message templates: Jinja in a sandbox with StrictUndefined, so a template can neither reach
into Python nor print an empty hole where a value is missing.

A template sees these names (`TEMPLATE_NAMES`): `profile` (the stored profile, `traits`
decoded), `person_id`, `event` (properties of the event that started the chain), `items` (the
entry event's `products`, else `items`, else an empty list), `recommendations` (a list of
`{item, reason}` from the chain's recommender), `unsubscribe_url`, `chain` (its id) and
`language`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Final

import jinja2
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from journeymap.i18n import gettext as _

TEMPLATE_NAMES: Final = frozenset(
    {
        "profile",
        "person_id",
        "event",
        "items",
        "recommendations",
        "unsubscribe_url",
        "chain",
        "language",
    }
)


class TemplateRenderError(Exception):
    """A template that cannot be rendered for one person; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None


@cache
def environment(*, html: bool = False) -> jinja2.Environment:
    return ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def template_problems(source: str) -> list[str]:
    """What is wrong with a template before anyone gets it: syntax, unknown names."""
    try:
        parsed = environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [
            _(
                "template syntax error on its line {line}: {problem}",
                line=exc.lineno,
                problem=exc.message or "?",
            )
        ]
    unknown = sorted(meta.find_undeclared_variables(parsed) - TEMPLATE_NAMES)
    return [_("unknown template variable '{name}'", name=name) for name in unknown]


@lru_cache(maxsize=512)
def _compiled(source: str, html: bool) -> jinja2.Template:
    """A template compiled once: a chain sends the same few templates to many persons."""
    return environment(html=html).from_string(source)


def render_one(source: str, context: Mapping[str, Any], *, html: bool = False) -> str:
    try:
        return _compiled(source, html).render(context)
    except jinja2.TemplateError as exc:
        raise TemplateRenderError(
            _("{kind}: {problem}", kind=type(exc).__name__, problem=exc.message or str(exc))
        ) from None
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError) as exc:
        raise TemplateRenderError(
            _("{kind}: {problem}", kind=type(exc).__name__, problem=exc)
        ) from None


def render_message(
    subject: str, text: str, html: str | None, context: Mapping[str, Any]
) -> Rendered:
    """All parts, or `TemplateRenderError`: a message is sent whole or not at all."""
    return Rendered(
        subject=render_one(subject, context).strip(),
        text=render_one(text, context),
        html=render_one(html, context, html=True) if html else None,
    )
