"""Workspace templates: the maps `journeymap init` starts from, in English and Russian.

Two skeletons (`classic`, `retail`) and three worked examples (`seed-shop`, `language-school`,
`travel`). This layer imports only `journeymap.model`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap.lazy import lazy_getattr

if TYPE_CHECKING:
    from journeymap.templates.catalog import (
        DEFAULT_TEMPLATE,
        LANGUAGES,
        TEMPLATES,
        TemplateError,
        TemplateInfo,
        UnknownLanguageError,
        UnknownTemplateError,
        get_template,
        list_templates,
        template_names,
    )
    from journeymap.templates.workspace_init import TargetNotEmptyError, init_workspace

__all__ = [
    "DEFAULT_TEMPLATE",
    "LANGUAGES",
    "TEMPLATES",
    "TargetNotEmptyError",
    "TemplateError",
    "TemplateInfo",
    "UnknownLanguageError",
    "UnknownTemplateError",
    "get_template",
    "init_workspace",
    "list_templates",
    "template_names",
]

# Each public name loads its module on first use (PEP 562), so that importing the package (as
# every `journeymap` command does) stays cheap.
_HOMES = {
    "DEFAULT_TEMPLATE": "journeymap.templates.catalog",
    "LANGUAGES": "journeymap.templates.catalog",
    "TEMPLATES": "journeymap.templates.catalog",
    "TemplateError": "journeymap.templates.catalog",
    "TemplateInfo": "journeymap.templates.catalog",
    "UnknownLanguageError": "journeymap.templates.catalog",
    "UnknownTemplateError": "journeymap.templates.catalog",
    "get_template": "journeymap.templates.catalog",
    "list_templates": "journeymap.templates.catalog",
    "template_names": "journeymap.templates.catalog",
    "TargetNotEmptyError": "journeymap.templates.workspace_init",
    "init_workspace": "journeymap.templates.workspace_init",
}


__getattr__ = lazy_getattr(_HOMES, globals())
