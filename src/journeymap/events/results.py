"""What one file's import did: counts, top quarantine reasons, speed, or why it failed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ImportResult:
    file: str
    format: str | None = None
    source: str | None = None
    checksum: str | None = None
    rows_read: int = 0
    rows_stored: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    """Quarantine reasons of this file with their counts, most frequent first."""
    persons_remapped: int = 0
    """Existing persons that got another person id because this file linked identities."""
    seconds: float = 0.0
    note: str | None = None
    warnings: list[str] = field(default_factory=list)
    """What the user should know about a file that was read (e.g. tables of a warehouse
    export that joined nothing or were not loaded)."""
    error: str | None = None
    """Set when the whole file was refused (nothing of it was stored)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["rows_per_second"] = round(self.rows_per_second)
        data["ok"] = self.ok
        return data
