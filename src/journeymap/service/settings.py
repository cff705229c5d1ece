"""Where a workspace's service keeps its spool, keys and store (from `[serve]`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from journeymap.model.serve_config import ServeSettings
from journeymap.model.workspace import Workspace


@dataclass(frozen=True)
class ServiceSettings:
    """Everything the API and the loader need, resolved against the workspace root."""

    store_url: str
    spool: Path
    keys: Path
    serve: ServeSettings
    automations: Path | None = None
    """The workspace's `automations/` folder when it has one: the loader runs its chains."""
    maps: tuple[Path, ...] = ()

    @classmethod
    def of(cls, workspace: Workspace, store_url: str | None = None) -> ServiceSettings:
        serve = workspace.config.serve
        automations = workspace.root / "automations"
        return cls(
            store_url=store_url or workspace.store_url,
            spool=(workspace.root / serve.spool).resolve(),
            keys=(workspace.root / serve.keys).resolve(),
            serve=serve,
            automations=automations.resolve() if automations.is_dir() else None,
            maps=tuple(workspace.map_paths()),
        )

    def to_env(self) -> dict[str, str]:
        """The settings for worker processes (uvicorn starts them by import string)."""
        return {
            "JOURNEYMAP_SERVICE": self.serve.model_dump_json(),
            "JOURNEYMAP_SERVICE_STORE": self.store_url,
            "JOURNEYMAP_SERVICE_SPOOL": str(self.spool),
            "JOURNEYMAP_SERVICE_KEYS": str(self.keys),
        }

    @classmethod
    def from_env(cls, env: dict[str, str]) -> ServiceSettings:
        return cls(
            store_url=env["JOURNEYMAP_SERVICE_STORE"],
            spool=Path(env["JOURNEYMAP_SERVICE_SPOOL"]),
            keys=Path(env["JOURNEYMAP_SERVICE_KEYS"]),
            serve=ServeSettings.model_validate_json(env["JOURNEYMAP_SERVICE"]),
        )
