"""Presets: column mappings of vendor exports, one TOML file each (see docs/sources.md).

A preset names the columns of an export and says what each row becomes: which columns hold the
ids, which events a row gives (constant names or templates such as
`Сделка: этап «{Этап сделки}»`, each with its own time column), which columns become properties,
traits or `context` keys, the date formats and the zone of zone-less dates. The built-in
mappings of Yandex Metrica, AppMetrica, amoCRM and Bitrix24 are presets shipped in
`events/presets/`; a team writes one for its own CRM in the workspace's `presets/` folder and
imports with `journeymap ingest export.csv --preset my-crm`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journeymap.events.errors import IngestError
from journeymap.events.options import IngestOptions
from journeymap.events.vendor_text import DATE_FORMATS
from journeymap.i18n import gettext as _

VALUE_TYPES: Final = ("text", "number", "integer", "json", "list")
EVENT_TYPES: Final = ("track", "page", "screen", "identify")
REST: Final = ("properties", "traits", "drop")
PRESET_KEYS: Final = frozenset(
    [
        "name",
        "description",
        "detect",
        "timezone",
        "date_formats",
        "channel",
        "channel_columns",
        "handler",
        "ids",
        "events",
        "properties",
        "traits",
        "context",
        "constants",
        "rest",
    ]
)
EVENT_KEYS: Final = frozenset(
    ["type", "name", "time", "id", "when", "when_in", "properties", "numeric"]
)
ID_KEYS: Final = frozenset(("user_id", "anonymous_id"))


@dataclass(frozen=True)
class Field:
    """A column (first of `columns` present) copied to a key, of a value type."""

    key: str
    columns: tuple[str, ...]
    type: str = "text"


@dataclass(frozen=True)
class EventRule:
    """One event a row gives: its type, name template, time columns, id template, condition."""

    type: str = "track"
    name: str | None = None
    time: tuple[str, ...] = ()
    id: str | None = None
    when: str | None = None
    """A column that must be non-empty for the row to give this event..."""
    when_in: tuple[str, ...] = ()
    """...and, if given, hold one of these values (case-insensitive)."""
    properties: dict[str, str] = field(default_factory=dict)
    """Properties of this event only: text with `{column}` placeholders."""
    numeric: tuple[str, ...] = ()
    """Keys of `properties` read as numbers (`1 250,50` -> 1250.5)."""


@dataclass(frozen=True)
class Preset:
    name: str
    description: str = ""
    detect: tuple[str, ...] = ()
    """Columns that must all be present for auto-detection to choose this preset."""
    timezone: str = "UTC"
    """Zone of zone-less dates unless `--timezone` names another."""
    date_formats: tuple[str, ...] = DATE_FORMATS
    channel: str | None = None
    channel_columns: tuple[str, ...] = ()
    user_id: tuple[str, ...] = ()
    anonymous_id: tuple[str, ...] = ()
    events: tuple[EventRule, ...] = ()
    properties: tuple[Field, ...] = ()
    traits: tuple[Field, ...] = ()
    context: tuple[Field, ...] = ()
    """Keys are dotted paths in `context` (`campaign.source`, `os.name`)."""
    constants: dict[str, Any] = field(default_factory=dict)
    rest: str = "properties"
    """Where the columns the preset does not name go: properties, traits, or nowhere."""
    handler: str | None = None
    """Extra rows of a vendor format computed in code (`metrica`: goals and purchases)."""
    source_file: str = ""


def _names(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise IngestError(_("{where}: give a column name or a list of column names", where=where))


def _fields(table: object, where: str) -> tuple[Field, ...]:
    if table is None:
        return ()
    if not isinstance(table, dict):
        raise IngestError(_("{where} must be a table of `column = key` entries", where=where))
    fields = []
    for column, spec in table.items():
        if isinstance(spec, str):
            fields.append(Field(spec, (column,)))
            continue
        place = where + "." + column
        if not isinstance(spec, dict) or not isinstance(spec.get("key"), str):
            raise IngestError(_("{where}: give a key, or {{key = ..., type = ...}}", where=place))
        kind = spec.get("type", "text")
        if kind not in VALUE_TYPES:
            raise IngestError(
                _(
                    "{where}: type must be one of {types}",
                    where=place,
                    types=", ".join(VALUE_TYPES),
                )
            )
        also = _names(spec.get("or", []), f"{where}.{column}.or")
        fields.append(Field(spec["key"], (column, *also), kind))
    return tuple(fields)


def _known_keys(table: dict[str, Any], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise IngestError(
            _(
                "{where}: unknown key {key}; known keys: {known}",
                where=where,
                key=unknown[0],
                known=", ".join(sorted(known)),
            )
        )


def _event(spec: object, where: str) -> EventRule:
    if not isinstance(spec, dict):
        raise IngestError(_("{where} must be a table", where=where))
    _known_keys(spec, EVENT_KEYS, where)
    kind = spec.get("type", "track")
    if kind not in EVENT_TYPES:
        raise IngestError(
            _("{where}: type must be one of {types}", where=where, types=", ".join(EVENT_TYPES))
        )
    if kind == "track" and not spec.get("name"):
        raise IngestError(_("{where}: a track event needs a name (text or template)", where=where))
    constants = spec.get("properties", {})
    if not isinstance(constants, dict):
        raise IngestError(_("{where} must be a table", where=where + ".properties"))
    return EventRule(
        type=kind,
        name=spec.get("name"),
        time=_names(spec.get("time", []), f"{where}.time"),
        id=spec.get("id"),
        when=spec.get("when"),
        when_in=_names(spec.get("when_in", []), f"{where}.when_in"),
        properties={str(k): str(v) for k, v in constants.items()},
        numeric=_names(spec.get("numeric", []), f"{where}.numeric"),
    )


def parse_preset(data: dict[str, Any], where: str) -> Preset:
    """A preset from the parsed TOML `data`; errors name the file `where`."""
    _known_keys(data, PRESET_KEYS, where)
    events = data.get("events", [])
    if not isinstance(events, list) or not events:
        raise IngestError(_("{where}: a preset needs at least one [[events]] table", where=where))
    rest = data.get("rest", "properties")
    if rest not in REST:
        raise IngestError(
            _("{where}: rest must be one of {values}", where=where, values=", ".join(REST))
        )
    ids = data.get("ids", {})
    if not isinstance(ids, dict):
        raise IngestError(_("{where} must be a table", where=where + ": ids"))
    _known_keys(ids, ID_KEYS, where + ": ids")
    zone = str(data.get("timezone", "UTC"))
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise IngestError(
            _("{where}: unknown time zone {zone}", where=where, zone=repr(zone))
        ) from None
    return Preset(
        name=str(data.get("name") or Path(where).stem),
        description=str(data.get("description", "")),
        detect=_names(data.get("detect", []), f"{where}: detect"),
        timezone=zone,
        date_formats=_names(data.get("date_formats", list(DATE_FORMATS)), f"{where}: dates"),
        channel=data.get("channel"),
        channel_columns=_names(data.get("channel_columns", []), f"{where}: channel_columns"),
        user_id=_names(ids.get("user_id", []), f"{where}: ids.user_id"),
        anonymous_id=_names(ids.get("anonymous_id", []), f"{where}: ids.anonymous_id"),
        events=tuple(_event(e, f"{where}: events[{i}]") for i, e in enumerate(events)),
        properties=_fields(data.get("properties"), f"{where}: properties"),
        traits=_fields(data.get("traits"), f"{where}: traits"),
        context=_fields(data.get("context"), f"{where}: context"),
        constants=dict(data.get("constants", {})),
        rest=rest,
        handler=data.get("handler"),
        source_file=where,
    )


def load_preset_file(path: Path) -> Preset:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(_("cannot read preset {path}: {error}", path=path, error=exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise IngestError(
            _("preset {path} is not valid TOML: {error}", path=path, error=exc)
        ) from None
    return parse_preset(data, str(path))


@cache
def builtin_presets() -> tuple[Preset, ...]:
    """The presets shipped in `events/presets/` (parsed once)."""
    folder = resources.files("journeymap.events") / "presets"
    presets = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            presets.append(parse_preset(tomllib.loads(entry.read_text("utf-8")), entry.name))
    return tuple(presets)


def workspace_presets(folder: Path | None = None) -> list[Path]:
    """The `presets/*.toml` of `folder` (default: the current folder) and of the workspace
    holding it (the nearest folder up with a `journeymap.toml`)."""
    from journeymap.model.workspace import CONFIG_NAME

    here = (folder or Path.cwd()).resolve()
    roots = [here, *(f for f in here.parents if (f / CONFIG_NAME).is_file())][:2]
    found: list[Path] = []
    for root in roots:
        if (root / "presets").is_dir():
            found += sorted((root / "presets").glob("*.toml"))
    return found


def resolve_preset(name_or_path: str, folder: Path | None = None) -> Preset:
    """`--preset`: a path to a TOML file, a preset of the workspace's `presets/`, or a built-in."""
    path = Path(name_or_path)
    if path.suffix == ".toml" and path.is_file():
        return load_preset_file(path)
    for candidate in workspace_presets(folder):
        if candidate.stem == name_or_path:
            return load_preset_file(candidate)
    builtins = builtin_presets()
    for preset in builtins:
        if preset.name == name_or_path:
            return preset
    known = ", ".join(p.name for p in builtins)
    raise IngestError(
        _(
            "unknown preset '{name}': give a .toml file, a name from presets/, "
            "or a built-in preset ({known})",
            name=name_or_path,
            known=known,
        )
    )


def has_columns(header: list[str], names: tuple[str, ...]) -> bool:
    present = {h.strip().lower() for h in header}
    return bool(names) and all(n.lower() in present for n in names)


def detect_preset(header: list[str]) -> Preset | None:
    """The built-in preset whose `detect` columns the header has (the most specific wins)."""
    matching = [p for p in builtin_presets() if has_columns(header, p.detect)]
    return max(matching, key=lambda p: len(p.detect), default=None)


def zone_for(preset: Preset, options: IngestOptions) -> str:
    """`--timezone` when given (or any zone but the default UTC), else the preset's zone."""
    if options.timezone_explicit or options.timezone != "UTC":
        return options.timezone
    return preset.timezone
