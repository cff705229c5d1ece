"""The `[serve]` table of `journeymap.toml`: the collection API, its spool, keys and limits."""

from __future__ import annotations

from pydantic import Field

from journeymap.model.base import MapModel


class ServeSettings(MapModel):
    """Settings of `journeymap serve` (paths relative to the workspace root)."""

    spool: str = ".journeymap/spool"
    """Folder of the write-ahead spool: accepted events wait here, fsynced, for the loader."""
    keys: str = ".journeymap/keys.json"
    """File of the API keys (hashed, never the keys themselves)."""
    spool_max_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    """A spool file is sealed for the loader when it grows past this size ..."""
    spool_max_seconds: float = Field(default=1.0, gt=0)
    """... or when it is this old: the longest an accepted event waits before loading starts."""
    loader_interval: float = Field(default=0.5, gt=0)
    """Seconds the loader sleeps when the spool holds nothing to load."""
    store_ip: bool = False
    """Keep `context.ip` of collected events (off: the address is removed before spooling)."""
    cors_origins: list[str] = Field(default_factory=list)
    """Origins allowed to call the API from a browser (`["*"]` for any); empty: no CORS."""
    rate_limit: float = Field(default=0, ge=0)
    """Requests per second allowed per key and process (token bucket); 0 switches it off."""
    rate_burst: int = Field(default=200, ge=1)
    """Requests a key may send at once before the rate limit applies."""
    unsubscribe_per_ip: int = Field(default=30, ge=0)
    """Unsubscribe requests (`/unsubscribe`, page and JSON) a client address may make per minute
    (token bucket: this many at once, refilled over a minute); over it 429. 0: no limit."""
    unsubscribe_per_token: int = Field(default=10, ge=0)
    """Unsubscribe requests per minute with one token, from any address; 0: no limit."""
    unsubscribe_trust_forwarded: bool = False
    """Count the per-address limit by the first `X-Forwarded-For` address (behind a proxy you
    run; otherwise a client could name any address)."""
    read_export_seconds: float = Field(default=30.0, gt=0)
    """With `journeymap serve --read-port`: how often the loader's process exports the read
    state (profiles, fitted recommender) that the read process serves."""
