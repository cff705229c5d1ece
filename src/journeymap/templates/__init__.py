"""Workspace templates: the maps `journeymap init` starts from, in English and Russian.

Two skeletons (`classic`, `retail`) and three worked examples (`seed-shop`, `language-school`,
`travel`). This layer imports only `journeymap.model`.
"""

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
