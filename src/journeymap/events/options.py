"""What the user tells `ingest`: format, column mapping, time zone, source name, tolerances."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journeymap.events.errors import IngestError
from journeymap.i18n import gettext as _

MEMORY_SIZE = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B|B|bytes)", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnMapping:
    """Which input columns hold the event fields; None means auto-detect by the usual names."""

    person: str | None = None
    anonymous: str | None = None
    event: str | None = None
    time: str | None = None
    id: str | None = None
    channel: str | None = None
    properties: tuple[str, ...] = ()
    """If given, only these columns become properties (otherwise every unmapped column)."""
    event_name: str | None = None
    """One event name for every row, for files that are all one kind of event (a leads export,
    an order log); excludes `event`."""

    def __post_init__(self) -> None:
        if self.event_name is not None and self.event is not None:
            raise IngestError(_("give --event COL or --event-name NAME, not both"))
        if self.event_name is not None and not self.event_name.strip():
            raise IngestError(_("--event-name must not be blank"))

    def explicit(self) -> dict[str, str]:
        given = {
            "person": self.person,
            "anonymous": self.anonymous,
            "event": self.event,
            "time": self.time,
            "id": self.id,
            "channel": self.channel,
        }
        return {role: column for role, column in given.items() if column}


@dataclass(frozen=True)
class IngestOptions:
    format: str | None = None
    """Force a format (see `FORMATS`); None detects it from the extension and the first bytes."""
    mapping: ColumnMapping = field(default_factory=ColumnMapping)
    timezone: str = "UTC"
    """Zone of timestamps that carry no offset."""
    timezone_explicit: bool = False
    """The user named `timezone` (`--timezone`): it wins over a preset's zone even when UTC."""
    source: str | None = None
    """Name stored in `events.source`; default: the file name."""
    future_tolerance: timedelta = timedelta(days=1)
    """Events later than now + this go to quarantine."""
    chunk_rows: int = 100_000
    """Rows per chunk for formats parsed in Python (JSON lines, XES)."""
    preset: str | None = None
    """A preset (name in `presets/` or built in, or a .toml path) mapping a vendor export's
    columns; None detects the built-in presets by the header (see `presets`)."""
    user_param: str | None = None
    """Key of the Yandex Metrica visit parameters holding the user id (default: `UserID`)."""
    memory_limit: str | None = "2GB"
    """DuckDB's memory limit while a file is imported (restored after): beyond it DuckDB spills
    to its temp folder, so memory does not grow with the file. None keeps the store's setting."""

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise IngestError(
                _(
                    "unknown time zone {timezone!r}: use an IANA name like UTC or Europe/Moscow",
                    timezone=self.timezone,
                )
            ) from None
        if self.memory_limit is not None and not MEMORY_SIZE.fullmatch(self.memory_limit.strip()):
            raise IngestError(
                _(
                    "memory limit {memory_limit!r} is not a size: use a number and a unit, like "
                    "512MB or 2GB",
                    memory_limit=self.memory_limit,
                )
            )
