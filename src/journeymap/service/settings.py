"""Where a workspace's service keeps its spool, keys and store (from `[serve]`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeymap.model.serve_config import ServeSettings
from journeymap.model.workspace import Workspace

# The same path as `personalize.strategies.prepare.STATE_FILE` (a test checks), written here so
# the service's settings do not import the strategies' heavy modules.
STATE_FILE = Path(".journeymap") / "serving.json"


@dataclass(frozen=True)
class ServiceSettings:
    """Everything the API and the loader need, resolved against the workspace root."""

    store_url: str
    spool: Path
    keys: Path
    serve: ServeSettings
    maps: Path | None = None
    """Folder of the workspace's maps (the read API's `/v1/maps`); None: no maps served."""
    content: Path | None = None
    """Folder of the content catalog (titles of recommended items); None: ids only."""
    serving_state: Path | None = None
    """The per-stage strategies' serving state (`journeymap recommend --prepare`); used by the
    read API when the file exists."""
    automations: Path | None = None
    """The workspace's `automations/` folder when it has one: the loader runs its chains."""
    map_files: tuple[Path, ...] = ()
    """The workspace's map files (the chains' stage entries read their bindings)."""
    read_state: Path | None = None
    """A read state file exported by the loader's process (`journeymap serve --read-port`): a
    process with it serves profiles and recommendations from the file, never from the store."""
    language: str | None = None
    """The workspace's `language` (journeymap.toml): the language of messages when the request
    names none (`?lang=`, `Accept-Language`); None: the map's, else English."""

    @classmethod
    def of(cls, workspace: Workspace, store_url: str | None = None) -> ServiceSettings:
        serve = workspace.config.serve
        automations = workspace.root / "automations"
        return cls(
            store_url=store_url or workspace.store_url,
            spool=(workspace.root / serve.spool).resolve(),
            keys=(workspace.root / serve.keys).resolve(),
            serve=serve,
            maps=workspace.maps_dir.resolve(),
            content=(workspace.root / workspace.config.content).resolve(),
            serving_state=(workspace.root / STATE_FILE).resolve(),
            automations=automations.resolve() if automations.is_dir() else None,
            map_files=tuple(workspace.map_paths()),
            language=workspace.config.language,
        )

    def to_env(self) -> dict[str, str]:
        """The settings for worker processes (uvicorn starts them by import string)."""
        return {
            "JOURNEYMAP_SERVICE": self.serve.model_dump_json(),
            "JOURNEYMAP_SERVICE_STORE": self.store_url,
            "JOURNEYMAP_SERVICE_SPOOL": str(self.spool),
            "JOURNEYMAP_SERVICE_KEYS": str(self.keys),
            "JOURNEYMAP_SERVICE_MAPS": str(self.maps or ""),
            "JOURNEYMAP_SERVICE_CONTENT": str(self.content or ""),
            "JOURNEYMAP_SERVICE_SERVING": str(self.serving_state or ""),
            "JOURNEYMAP_SERVICE_READ_STATE": str(self.read_state or ""),
            "JOURNEYMAP_SERVICE_LANGUAGE": self.language or "",
        }

    @classmethod
    def from_env(cls, env: dict[str, str]) -> ServiceSettings:
        return cls(
            store_url=env["JOURNEYMAP_SERVICE_STORE"],
            spool=Path(env["JOURNEYMAP_SERVICE_SPOOL"]),
            keys=Path(env["JOURNEYMAP_SERVICE_KEYS"]),
            serve=ServeSettings.model_validate_json(env["JOURNEYMAP_SERVICE"]),
            maps=_optional_path(env.get("JOURNEYMAP_SERVICE_MAPS")),
            content=_optional_path(env.get("JOURNEYMAP_SERVICE_CONTENT")),
            serving_state=_optional_path(env.get("JOURNEYMAP_SERVICE_SERVING")),
            read_state=_optional_path(env.get("JOURNEYMAP_SERVICE_READ_STATE")),
            language=env.get("JOURNEYMAP_SERVICE_LANGUAGE") or None,
        )


def _optional_path(text: str | None) -> Path | None:
    return Path(text) if text else None
