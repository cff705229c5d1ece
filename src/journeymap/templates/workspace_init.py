"""`init_workspace`: a new workspace folder from a template (`journeymap init`)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from string import Template

from journeymap.i18n import gettext as _
from journeymap.model.workspace import CONFIG_NAME, DEFAULT_STORE, WorkspaceConfig
from journeymap.templates.catalog import (
    LANGUAGES,
    TemplateError,
    TemplateInfo,
    check_language,
    get_template,
)

MAPS_DIR = "maps"
CONTENT_DIR = "content"
AUTOMATIONS_DIR = "automations"


class TargetNotEmptyError(TemplateError):
    """The target folder has files in it and `force` was not given."""


def init_workspace(
    target: Path,
    template: str,
    language: str,
    force: bool = False,
    *,
    all_languages: bool = False,
    pin_language: bool = True,
) -> Path:
    """Create a workspace in `target` from `template` and return its absolute path.

    Writes `journeymap.toml`, `maps/` with the template's map in `language` (in every language
    with `all_languages`), `content/` with a README (and the worked examples' content catalog),
    `automations/` with the worked examples' chains,
    a `README.md` with the next steps in
    `language`, and a `.gitignore` for the local store. A folder that is not empty is refused
    unless `force` is given; then the files above are overwritten and other files are kept.
    Without `pin_language` the `language` key is left commented out, so that each map (of
    `all_languages`) speaks its own `language:`, since a workspace's `language` wins over it.
    """
    info = get_template(template)
    check_language(language)
    target = Path(target)
    _check_target(target, force)
    languages = LANGUAGES if all_languages else (language,)
    maps = target / MAPS_DIR
    content = target / CONTENT_DIR
    maps.mkdir(parents=True, exist_ok=True)
    content.mkdir(exist_ok=True)
    map_files: list[str] = []
    for lang in languages:
        name = info.map_file_name(lang)
        (maps / name).write_bytes(info.map_resource(lang).read_bytes())
        map_files.append(f"{MAPS_DIR}/{name}")
    name = target.resolve().name
    (target / CONFIG_NAME).write_text(
        workspace_toml(name, language, pinned=pin_language), encoding="utf-8"
    )
    # The workspace language first; with every map language, the other READMEs follow it.
    readmes = [workspace_readme(name, info, language, map_files)]
    readmes += [
        workspace_readme(name, info, lang, map_files) for lang in languages if lang != language
    ]
    (target / "README.md").write_text("\n---\n\n".join(readmes), encoding="utf-8")
    (content / "README.md").write_text(_resource_text(f"content.{language}.md"), encoding="utf-8")
    _copy_catalog(info, content)
    _copy_automations(info, target / AUTOMATIONS_DIR)
    (target / ".gitignore").write_text(
        "# the local event store and rendered files\n.journeymap/\nout/\n", encoding="utf-8"
    )
    return target.resolve()


def _copy_catalog(info: TemplateInfo, content: Path) -> None:
    """The worked examples ship a small content catalog (`templates/content/<name>/`)."""
    folder = files("journeymap.templates").joinpath(CONTENT_DIR, info.name)
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            (content / entry.name).write_bytes(entry.read_bytes())


def _copy_automations(info: TemplateInfo, automations: Path) -> None:
    """The worked examples ship their chains (`templates/automations/<name>/`,
    docs/automations.md)."""
    folder = files("journeymap.templates").joinpath(AUTOMATIONS_DIR, info.name)
    if not folder.is_dir():
        return
    automations.mkdir(exist_ok=True)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            (automations / entry.name).write_bytes(entry.read_bytes())


def _check_target(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise TargetNotEmptyError(
            _("{target} exists and is not a folder", target=target),
            hint=_("choose another path for the workspace"),
        )
    if target.is_dir() and any(target.iterdir()) and not force:
        raise TargetNotEmptyError(
            _("{target} is not empty", target=target),
            hint=_(
                "choose an empty or new folder, or pass --force to write the workspace files over "
                "it (other files are kept)"
            ),
        )


def workspace_toml(name: str, language: str, *, pinned: bool = True) -> str:
    """The text of `journeymap.toml`: every key of `WorkspaceConfig` with its meaning; unless
    `pinned`, the `language` line is a comment (each map then follows its own `language:`)."""
    defaults = WorkspaceConfig()
    setting = f"language = {_toml_string(language)}  # messages and labels: en or ru"
    lines = [
        "# journeymap workspace settings (see docs/configuration.md)",
        f"name = {_toml_string(name)}",
        *(
            [setting]
            if pinned
            else [
                "# unset: each map's messages and labels follow its own `language:`",
                "# " + setting,
            ]
        ),
        "# where events and profiles live: duckdb://PATH (relative to this folder)",
        "# or pyspark://local[*] for local Spark",
        f"store = {_toml_string(DEFAULT_STORE)}",
        f"maps = {_toml_string(defaults.maps)}",
        f"content = {_toml_string(defaults.content)}",
        "",
        "[lint]",
        '# rule codes switched off for every map, e.g. disable = ["JM104"]',
        "disable = []",
        "",
    ]
    return "\n".join(lines)


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes); keep Cyrillic readable.
    return json.dumps(value, ensure_ascii=False)


def workspace_readme(name: str, info: TemplateInfo, language: str, map_files: list[str]) -> str:
    return Template(_resource_text(f"README.{language}.md")).substitute(
        name=name,
        template=info.name,
        description=info.description(language),
        maps="\n".join(f"- `{path}`" for path in map_files),
        first_map=_preferred_map(map_files, language),
        first_stem=Path(_preferred_map(map_files, language)).stem.replace(".", "-"),
    )


def _preferred_map(map_files: list[str], language: str) -> str:
    for path in map_files:
        if path.endswith(f".{language}.yaml"):
            return path
    return map_files[0]


def _resource_text(name: str) -> str:
    return files("journeymap.templates").joinpath("workspace", name).read_text(encoding="utf-8")
