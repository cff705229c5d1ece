"""Shared pydantic configuration for every map model."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from journeymap.i18n import synonym_reader

# Ids are referenced from other parts of the map and from event data, so keep them slug-like.
Slug = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        max_length=80,
        description="Identifier: letters, digits, '-', '_' or '.', unique within its list.",
    ),
]

TextList = Annotated[list[str], Field(default_factory=list)]


def synonyms(field: str) -> BeforeValidator:
    """Read Russian words for `field`'s values (`критично`, `офлайн`, `в работе`) as the
    canonical value; see `journeymap.i18n.synonyms`."""
    return BeforeValidator(synonym_reader(field))


class MapModel(BaseModel):
    """Base for every part of a map: unknown keys are errors, text is stripped."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_default=False,
        # Field docstrings are the schema's descriptions; reading them means tokenizing the
        # source of every class at import (0.04 s of each command that loads a map), so they are
        # attached only when a schema or the reference is made (`schema_text.with_docstrings`).
        use_attribute_docstrings=False,
    )
