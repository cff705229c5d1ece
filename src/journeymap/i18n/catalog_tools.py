"""Keep the catalogs in step with the code: extract message ids with Babel, update the `.po` files.

    python -m journeymap.i18n.catalog_tools          # add new ids, drop unused ones, list gaps

New ids get an empty translation; fill in `locale/ru/LC_MESSAGES/journeymap.po` (English needs
none: the id is the English text). A test fails while an id is missing or a Russian text empty.
"""

from __future__ import annotations

import importlib
import io
import sys
from pathlib import Path

from journeymap.i18n.catalog import DOMAIN
from journeymap.i18n.context import LANGUAGES

KEYWORDS: dict[str, object] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
}
"""The functions whose literal arguments are message ids (see `journeymap.i18n.messages`)."""

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = Path(__file__).resolve().parent / "locale"
DEFAULT_ROOTS = (
    "i18n",
    "analytics/feedback",
    "model",
    "lint",
    "cli",
    "experiments",
    "events",
    "render",
    "report",
    "personalize",
    "api",
    "orchestrate",
    "service",
    "web",
    "analytics",
    "simulate",
    "store",
    "templates",
)
"""Packages whose user-facing texts are in the catalog so far (see docs/i18n.md for the rest)."""
EXTRA_MESSAGES = (("journeymap.model.schema_text", "schema_messages", "schema"),)
"""Texts that are not `_()` calls: (module, function listing them, catalog context). The map
format's descriptions are field docstrings; they are named here, not imported, because i18n is
the bottom layer (this tool runs at development time only)."""


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract_template(roots: tuple[str, ...] = DEFAULT_ROOTS) -> object:
    """A Babel `Catalog` of every message id used under the given packages of journeymap."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(domain=DOMAIN, project="journeymap", fuzzy=False)
    for root in roots:
        for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE / root,
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,  # type: ignore[arg-type]
        ):
            template.add(
                message,
                locations=[(f"{root}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    for module_name, function, context in EXTRA_MESSAGES:
        module = importlib.import_module(module_name)
        location = module_name.removeprefix("journeymap.").replace(".", "/") + ".py"
        for message in getattr(module, function)():
            template.add(message, locations=[(location, 0)], context=context)
    return template


def update_catalogs(roots: tuple[str, ...] = DEFAULT_ROOTS) -> dict[str, list[str]]:
    """Update every language's `.po` from the code; returns the ids still untranslated."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = extract_template(roots)
    assert isinstance(template, Catalog)
    gaps: dict[str, list[str]] = {}
    for language in LANGUAGES:
        path = po_path(language)
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                catalog = read_po(handle, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="journeymap", fuzzy=False)
        created = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = created  # no header churn when nothing changed
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=100, include_lineno=False, ignore_obsolete=True)
        path.write_bytes(buffer.getvalue())
        if language != "en":
            gaps[language] = [str(m.id) for m in catalog if m.id and not all(_strings(m.string))]
    return gaps


def _strings(value: object) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [str(value or "")]


def main() -> None:
    gaps = update_catalogs()
    for language, missing in gaps.items():
        sys.stdout.write(f"{language}: {len(missing)} message(s) to translate\n")
        for message in missing:
            sys.stdout.write(f"  {message}\n")


if __name__ == "__main__":
    main()
