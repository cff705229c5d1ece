"""A workspace: a folder with `journeymap.toml`, `maps/`, `content/` and a store (like dbt)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_core import ErrorDetails

from journeymap.i18n import gettext as _
from journeymap.model.base import MapModel
from journeymap.model.costs_config import CostsSettings
from journeymap.model.journey import LintSettings
from journeymap.model.map_language import agreed_language
from journeymap.model.problems import MapError, Problem
from journeymap.model.references import closest
from journeymap.model.serve_config import ServeSettings

CONFIG_NAME = "journeymap.toml"
DEFAULT_STORE = "duckdb://.journeymap/store.duckdb"


class WorkspaceConfig(MapModel):
    """Keys of `journeymap.toml`."""

    name: str = "journeymap"
    """A name for the workspace, shown in reports."""
    language: str | None = Field(default=None, pattern=r"^(en|ru)$")
    """Language of messages, hints and built-in labels for every map of the workspace (`en` or
    `ru`); `--lang` overrides it. Unset: each map's `language`, then the locale."""
    store: str = DEFAULT_STORE
    """Where events and profiles live: `duckdb://PATH` (relative to the workspace) or
    `pyspark://local[*]` / `pyspark://WAREHOUSE_DIR`."""
    maps: str = "maps"
    """Folder with map files (`*.yaml`, `*.yml`)."""
    content: str = "content"
    """Folder with content for personalization (items, messages)."""
    lint: LintSettings = Field(default_factory=LintSettings)
    """`[lint] disable = ["JM104"]` switches rules off for every map of the workspace."""
    serve: ServeSettings = Field(default_factory=ServeSettings)
    """`[serve]`: the collection API of `journeymap serve` (spool, keys, CORS, rate limit)."""
    costs: CostsSettings = Field(default_factory=CostsSettings)
    """`[costs]`: rates file and attribution model of the channel economics."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: WorkspaceConfig

    @property
    def maps_dir(self) -> Path:
        return self.root / self.config.maps

    def map_paths(self) -> list[Path]:
        if not self.maps_dir.is_dir():
            return []
        return sorted(p for p in self.maps_dir.rglob("*") if p.suffix in (".yaml", ".yml"))

    @property
    def store_url(self) -> str:
        """The store URL with a relative DuckDB path made absolute against the workspace root."""
        url = self.config.store
        if url.startswith("duckdb://"):
            path, mark, query = url.removeprefix("duckdb://").partition("?")
            if path and path != ":memory:" and not Path(path).is_absolute():
                return f"duckdb://{(self.root / path).resolve()}{mark}{query}"
        return url


def find_workspace(start: Path | None = None) -> Workspace | None:
    """The workspace containing `start` (default: the current folder), or None."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return load_workspace(folder)
    return None


def workspace_language(start: Path | None = None) -> str | None:
    """The `language` set in the journeymap.toml of `start`'s workspace, or None (no workspace,
    no key, or a file that does not load: that is reported where the workspace is used)."""
    try:
        workspace = find_workspace(start)
    except MapError:
        return None
    return workspace.config.language if workspace else None


def maps_language(paths: Iterable[str | Path]) -> str | None:
    """The one language a set of map files agree on, each by its workspace's `language`, else
    its own declared `language:`; None when they disagree or say nothing. A command uses it for
    the words around the maps' messages (summaries, labels), so one run speaks one language."""
    return agreed_language(paths, workspace_language)


def load_workspace(root: Path) -> Workspace:
    file = root / CONFIG_NAME
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MapError([Problem(_("invalid TOML: {error}", error=exc), file=str(file))]) from None
    try:
        config = WorkspaceConfig.model_validate(raw)
    except ValidationError as exc:
        raise MapError([_config_problem(error, file) for error in exc.errors()]) from None
    return Workspace(root=root.resolve(), config=config)


def _config_problem(error: ErrorDetails, file: Path) -> Problem:
    """One error of journeymap.toml in the user's language, with a hint."""
    loc = tuple(error["loc"])
    path = ".".join(str(part) for part in loc)
    value = error.get("input")
    shown = repr(value) if isinstance(value, str) else str(value)
    see_docs = _("see docs/configuration.md for the keys of journeymap.toml")
    if error["type"] == "extra_forbidden":
        guess = closest(str(loc[-1]), list(WorkspaceConfig.model_fields))
        hint = _("did you mean '{guess}'?", guess=guess) if guess else see_docs
        return Problem(_("unknown key '{key}'", key=loc[-1]), path, str(file), hint=hint)
    if loc == ("language",):
        message = _("{value} is not allowed", value=shown)
        return Problem(message, path, str(file), hint=_("use one of: {allowed}", allowed="en, ru"))
    message = _("{problem} (got {value})", problem=error["msg"], value=shown)
    return Problem(message, path, str(file), hint=see_docs)
