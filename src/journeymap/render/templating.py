"""The Jinja environment of the renderers (autoescaped) and the assets shipped beside it."""

from __future__ import annotations

from functools import cache
from importlib import resources

import jinja2
from markupsafe import Markup

from journeymap.model import AgeRange, Persona
from journeymap.render.labels import LABELS, LANGUAGES


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("journeymap.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["all_labels"] = LABELS
    env.globals["languages"] = LANGUAGES
    env.filters["age"] = persona_age
    env.filters["num"] = lambda value: f"{value:.1f}"
    return env


def static_text(name: str) -> Markup:
    """A CSS or JS file from `render/static/`, to be inlined into a page as it is."""
    text = resources.files("journeymap.render").joinpath("static").joinpath(name).read_text("utf-8")
    # Inlined inside <style>/<script>: a closing tag in the asset would end the element early.
    if "</" in text:
        raise ValueError(f"static asset {name} must not contain '</'")
    return Markup(text)  # noqa: S704 -- our own packaged asset, checked above


def persona_age(persona: Persona) -> str:
    if isinstance(persona.age, AgeRange):
        return str(persona.age)
    return "" if persona.age is None else str(persona.age)
