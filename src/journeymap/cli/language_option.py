"""The global `--lang` option: the language of every message of this run (en or ru)."""

from __future__ import annotations

from typing import Annotated

import typer

from journeymap.i18n import LANGUAGES, N_, supported, use_language


def _check(value: str | None) -> str | None:
    if value is None:
        return None
    code = supported(value)
    if code is None or code != value.strip().lower():
        raise typer.BadParameter(f"{value!r}: use one of {', '.join(LANGUAGES)}")
    return code


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=N_(
            "Language of messages: en or ru. Default: the workspace's `language`, "
            "then the map's, then the locale (LANG)."
        ),
        callback=_check,
        metavar="en|ru",
    ),
]


def use_lang(ctx: typer.Context, lang: str | None) -> None:
    """Speak `lang` for the rest of this run (nothing to do without one)."""
    if lang is not None:
        # Closed with the command's context, so the choice never leaks into another run.
        ctx.with_resource(use_language(lang))
