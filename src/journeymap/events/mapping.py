"""Column mapping for tabular files: explicit `--person/--event/...` or the usual names.

Unmapped columns become properties; columns named `case:...` (process-mining exports) become
traits of the person without the prefix, matching what the XES importer does with case
attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from journeymap.events.errors import IngestError
from journeymap.events.options import ColumnMapping
from journeymap.events.schema import SOURCE_ORDER
from journeymap.i18n import gettext as _

AUTO_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "person": (
        "user_id",
        "userid",
        "customer_id",
        "customerid",
        "distinct_id",
        "person_id",
        "case:concept:name",
        "case_id",
        "caseid",
        "case",
    ),
    "anonymous": ("anonymous_id", "anonymousid", "anon_id", "device_id", "cookie_id", "visitor_id"),
    "event": (
        "event",
        "event_name",
        "event_type",
        "eventname",
        "activity",
        "concept:name",
        "action",
    ),
    "time": (
        "timestamp",
        "ts",
        "time",
        "time:timestamp",
        "event_time",
        "event_timestamp",
        "datetime",
        "original_timestamp",
        "occurred_at",
        "created_at",
        "date",
    ),
    "id": ("message_id", "messageid", "event_id", "eventid", "id"),
    "channel": (
        "channel",
        "case:channel",
        "source_channel",
        "channelgrouping",
        "channel_grouping",
        "acquisition_channel",
        "marketing_channel",
        "origin",
    ),
}
"""Names tried per role, in order, case-insensitively."""
TIME_SUFFIXES: Final = ("_date", "_time", "_timestamp", "_datetime", "_at", "_ts")
"""When no usual time name is found, the one column whose name ends like this is the time
(`first_contact_date` in a leads export, `won_date` in a deals export)."""
OPTION_OF_ROLE: Final = {
    "person": "--person",
    "anonymous": "--anonymous",
    "event": "--event",
    "time": "--time",
    "id": "--id",
    "channel": "--channel",
}
TRAIT_PREFIX: Final = "case:"
CONTEXT_PREFIX: Final = "context_"
EVENTS_LAYOUT_ROLES: Final = ("type", "properties", "context", "traits", "previous_id")
"""Roles found only in files laid out like the `events` table (a Segment-spec export, the
simulator's Parquet): each is the column of the same name; `previous_id` may be `previousId`."""
STORE_COLUMNS: Final = ("person_id", "received_at", "source", SOURCE_ORDER)
"""Columns the store computes itself; ignored in an events-layout file."""


@dataclass(frozen=True)
class ResolvedMapping:
    roles: dict[str, str]  # role -> column
    properties: tuple[str, ...]
    traits: tuple[tuple[str, str], ...]  # (column, trait name)
    event_name: str | None = None
    """The constant event name of every row (`--event-name`), instead of an event column."""
    context: tuple[str, ...] = ()
    """Segment warehouse `context_*` columns, nested into the `context` object."""


def _find(columns: list[str], wanted: str) -> str | None:
    if wanted in columns:
        return wanted
    lowered = {c.lower(): c for c in columns}
    return lowered.get(wanted.lower())


def _missing(what: str, name: str, file: str, columns: list[str]) -> IngestError:
    return IngestError(
        f"{what} names column {name!r}, which is not in {file}; its columns are: "
        + ", ".join(columns)
    )


def explicit_roles(columns: list[str], mapping: ColumnMapping, file: str) -> dict[str, str]:
    """role -> column for the roles the user named; raises IngestError for a missing column."""
    roles: dict[str, str] = {}
    for role, wanted in mapping.explicit().items():
        found = _find(columns, wanted)
        if found is None:
            raise _missing(OPTION_OF_ROLE[role], wanted, file, columns)
        roles[role] = found
    return roles


def is_events_layout(columns: list[str]) -> bool:
    """A `type` column with `properties` or `context` beside it: rows are Segment-spec calls."""
    return _find(columns, "type") is not None and (
        _find(columns, "properties") is not None or _find(columns, "context") is not None
    )


def _layout_roles(columns: list[str], taken: set[str]) -> tuple[dict[str, str], set[str]]:
    """Roles and ignored store columns of an events-layout file (none for other files)."""
    if not is_events_layout(columns):
        return {}, set()
    roles: dict[str, str] = {}
    for role in EVENTS_LAYOUT_ROLES:
        names = ("previous_id", "previousid") if role == "previous_id" else (role,)
        found = next((c for c in (_find(columns, n) for n in names) if c), None)
        if found is not None and found not in taken:
            roles[role] = found
    ignored = {c for c in (_find(columns, n) for n in STORE_COLUMNS) if c and c not in taken}
    return roles, ignored


def resolve_mapping(columns: list[str], mapping: ColumnMapping, file: str) -> ResolvedMapping:
    """Decide which column plays which role; raises IngestError naming the missing column."""
    roles = explicit_roles(columns, mapping, file)
    taken = set(roles.values())
    layout, ignored = _layout_roles(columns, taken)
    roles.update(layout)
    taken |= set(layout.values()) | ignored
    for role, names in AUTO_NAMES.items():
        if role in roles or (role == "event" and mapping.event_name is not None):
            continue
        for name in names:
            found = _find(columns, name)
            if found is not None and found not in taken:
                roles[role] = found
                taken.add(found)
                break
    if "time" not in roles:
        _time_by_suffix(columns, taken, roles, file)
    if "person" not in roles and "anonymous" not in roles:
        raise IngestError(
            _(
                "no person column in {file} (looked for {auto_names}); pass --person COL or "
                "--anonymous COL; columns: {columns}",
                file=file,
                auto_names=", ".join(AUTO_NAMES["person"]),
                columns=", ".join(columns),
            )
        )
    if "event" not in roles and mapping.event_name is None:
        raise IngestError(
            _(
                "no event column in {file} (looked for {auto_names}); pass --event COL, or "
                "--event-name NAME when every row is one kind of event; columns: {columns}",
                file=file,
                auto_names=", ".join(AUTO_NAMES["event"]),
                columns=", ".join(columns),
            )
        )
    if "time" not in roles:
        raise IngestError(
            _(
                "no time column in {file} (looked for {auto_names} and names ending in "
                "{time_suffixes}); pass --time COL; columns: {columns}",
                file=file,
                auto_names=", ".join(AUTO_NAMES["time"]),
                time_suffixes=", ".join(TIME_SUFFIXES),
                columns=", ".join(columns),
            )
        )
    rest = [c for c in columns if c not in taken]
    context = tuple(c for c in rest if is_context_column(c)) if "context" not in roles else ()
    rest = [c for c in rest if c not in context]
    traits = tuple((c, c[len(TRAIT_PREFIX) :]) for c in rest if c.startswith(TRAIT_PREFIX))
    properties = chosen_properties(columns, rest, mapping, file)
    return ResolvedMapping(roles, properties, traits, mapping.event_name, context)


def is_context_column(column: str) -> bool:
    """A Segment warehouse column of the `context` object (`context_page_url`, ...)."""
    return column.lower().startswith(CONTEXT_PREFIX) and len(column) > len(CONTEXT_PREFIX)


def _time_by_suffix(columns: list[str], taken: set[str], roles: dict[str, str], file: str) -> None:
    found = [c for c in columns if c not in taken and c.lower().endswith(TIME_SUFFIXES)]
    if len(found) > 1:
        raise IngestError(
            _(
                "several time columns in {file} ({found}): pass --time COL",
                file=file,
                found=", ".join(found),
            )
        )
    if found:
        roles["time"] = found[0]
        taken.add(found[0])


def chosen_properties(
    columns: list[str], rest: list[str], mapping: ColumnMapping, file: str
) -> tuple[str, ...]:
    """The `rest` columns, or only those the user listed with `--property`."""
    if not mapping.properties:
        return tuple(c for c in rest if not c.startswith(TRAIT_PREFIX))
    properties = []
    for wanted in mapping.properties:
        found = _find(columns, wanted)
        if found is None:
            raise _missing("--property", wanted, file, columns)
        properties.append(found)
    return tuple(properties)
