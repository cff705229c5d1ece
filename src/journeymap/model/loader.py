"""Load and dump map files with errors that point at file, line, column and field."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from journeymap.i18n import (
    SYNONYMS,
    default_language,
    get_language,
    has_non_latin_letters,
    suggest_slug,
    synonyms_of,
)
from journeymap.i18n import gettext as _
from journeymap.model.fieldnames import allowed_keys
from journeymap.model.journey import JourneyMap
from journeymap.model.map_language import declared_language
from journeymap.model.problems import HintedValueError, MapError, Problem, format_path
from journeymap.model.references import check_references, closest
from journeymap.model.yaml_repairs import (
    ALIAS_LOOKING,
    COMMA_IN_PARENTHESES,
    Repair,
)

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError

# ruamel.yaml (round-trip: comments, positions) is imported where it is used: a map that loads
# without a problem is read by libyaml's C parser (`quick_yaml`), and its round-trip data is
# parsed only when an edit or a position needs it.


class MapDocument:
    """A map together with the YAML it came from, so edits can be saved keeping comments."""

    def __init__(
        self,
        model: JourneyMap,
        *,
        text: str,
        data: CommentedMap | None = None,
        path: Path | None = None,
        notes: list[Problem] | None = None,
    ) -> None:
        self.model = model
        self.text = text
        """The file's text as read."""
        self.path = path
        self.notes: list[Problem] = notes or []
        """Things the loader repaired while reading (shown as lint warnings)."""
        self._data = data

    @property
    def data(self) -> CommentedMap:
        """The round-trip YAML (comments, order, positions), parsed from `text` when first
        needed: a map read by the quick reader had no repairs, so ruamel reads the same."""
        if self._data is None:
            from journeymap.model.yamlio import parse_yaml_lenient

            self._data, _repairs = parse_yaml_lenient(self.text)
        return self._data

    def dump(self) -> str:
        """The YAML text of `model`, written over the original file's comments and order."""
        from journeymap.model.yamlio import emit_yaml, merge_into

        merge_into(self.data, model_data(self.model))
        return emit_yaml(self.data)

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        if target is None:
            raise ValueError(_("this map was not loaded from a file; pass a path to save it"))
        target.write_text(self.dump(), encoding="utf-8")
        return target


def model_data(journey: JourneyMap) -> dict[str, Any]:
    """The map as plain data for YAML: only what was set, in field order, format version first."""
    data = journey.model_dump(mode="python", by_alias=True, exclude_unset=True)
    data.pop("journeymap", None)
    return {"journeymap": journey.journeymap, **data}


def dump_map(journey: JourneyMap) -> str:
    """A fresh YAML text for a map (no original file to keep comments from)."""
    from journeymap.model.yamlio import emit_yaml

    return emit_yaml(model_data(journey))


_LOADED: dict[tuple[str, str], JourneyMap] = {}
_LOADED_MAX = 64


def load_map(path: str | Path) -> JourneyMap:
    """Load a map file; raise `MapError` naming file:line:col for every problem.

    A file loaded before whose bytes have not changed is not parsed again: a report reads its
    map and the maps its workspace's chains name, and round-trip YAML parsing is most of a small
    command's time. The key is the content's digest, not the modification time, whose clock
    ticks too coarsely to tell two quick saves apart. Each call gets its own copy."""
    file = Path(path)
    try:
        digest = hashlib.sha1(file.read_bytes(), usedforsecurity=False).hexdigest()
    except OSError:
        return load_document(file).model  # reported there, with the path
    key = (str(file.resolve()), digest)
    cached = _LOADED.get(key)
    if cached is None:
        cached = load_document(file).model
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = cached
    return cached.model_copy(deep=True)


def load_document(path: str | Path) -> MapDocument:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MapError(
            [
                Problem(
                    _("file not found"),
                    file=str(file),
                    hint=_("check the path; maps usually live in maps/"),
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise MapError(
            [
                Problem(
                    _(
                        "not UTF-8 text ({reason} at byte {byte})",
                        reason=exc.reason,
                        byte=exc.start,
                    ),
                    file=str(file),
                    line=1,
                    column=1,
                    hint=_("save the file as UTF-8"),
                )
            ]
        ) from None
    except IsADirectoryError:
        raise MapError(
            [
                Problem(
                    _("is a directory, not a map file"),
                    file=str(file),
                    hint=_("pass a .yaml file"),
                )
            ]
        ) from None
    document = parse_map(text, filename=str(file))
    document.path = file
    return document


def parse_map(text: str, filename: str = "<map>") -> MapDocument:
    """Parse map YAML text. Every problem found is reported, not just the first.
    Messages are in the current language, else the map's declared `language`."""
    with default_language(declared_language(text)):
        return _parse_map(text, filename)


def _parse_map(text: str, filename: str) -> MapDocument:
    return _parse_clean_map(text) or _parse_map_carefully(text, filename)


def _parse_clean_map(text: str) -> MapDocument | None:
    """The map of `text` read by libyaml's C parser, or None when anything would be reported
    (a repair, a note, an error): then the round-trip reader reads it again, to place each
    problem at its line with the same message and hint as ever."""
    from journeymap.model.quick_yaml import read_clean_map

    data = read_clean_map(text)
    if data is None:
        return None
    try:
        journey = JourneyMap.model_validate(data)
    except ValidationError:
        return None
    if check_references(journey):
        return None
    return MapDocument(model=journey, text=text)


def _parse_map_carefully(text: str, filename: str) -> MapDocument:
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from journeymap.model.yamlio import parse_yaml_lenient, position, to_plain

    try:
        data, repaired = parse_yaml_lenient(text)
    except MarkedYAMLError as exc:
        raise MapError([_yaml_problem(exc, text, filename)]) from None
    except YAMLError as exc:
        raise MapError(
            [Problem(_("invalid YAML: {problem}", problem=exc), file=filename, line=1, column=1)]
        ) from None
    if data is None:
        raise MapError(
            [
                Problem(
                    _("the file is empty"),
                    file=filename,
                    line=1,
                    column=1,
                    hint=_("start from `journeymap init` or `journeymap schema`"),
                )
            ]
        )
    if not isinstance(data, CommentedMap):
        raise MapError(
            [
                Problem(
                    _("a map file must be a mapping (id:, title:, stages:, ...)"),
                    file=filename,
                    line=1,
                    column=1,
                )
            ]
        )
    items: list[tuple[int, str]] = []
    try:
        journey = JourneyMap.model_validate(to_plain(data))
    except ValidationError as exc:
        items = _text_items_from_mappings(data, exc.errors())
        if not items:
            raise MapError(_problems_from(exc.errors(), data, filename)) from None
        try:
            journey = JourneyMap.model_validate(to_plain(data))
        except ValidationError as again:
            raise MapError(_problems_from(again.errors(), data, filename)) from None
    dangling = check_references(journey)
    if dangling:
        problems = []
        for item in dangling:
            _found, line, col = position(data, item.loc, key=item.loc[-1] not in ("id",))
            problems.append(
                Problem(
                    item.message,
                    path=format_path(item.loc),
                    file=filename,
                    line=line,
                    column=col,
                    hint=item.hint,
                )
            )
        raise MapError(_sorted(problems))
    notes = [_repair_note(repair, filename) for repair in repaired]
    notes += [
        Problem(
            _("list item contains ': ' and was read as text"),
            file=filename,
            line=line + 1,
            column=1,
            hint=_("put the item in quotes to make the file plain YAML: {line}", line=fixed),
        )
        for line, fixed in items
    ]
    notes = _sorted(notes)
    return MapDocument(model=journey, text=text, data=data, notes=notes)


def _repair_note(repair: Repair, filename: str) -> Problem:
    if repair.kind == ALIAS_LOOKING:
        message = _("a value starting with '*' or '&' was read as text, not as a YAML alias")
    elif repair.kind == COMMA_IN_PARENTHESES:
        message = _("a comma inside parentheses was read as part of the text")
    else:
        message = _("value contains ': ' and was read as quoted text")
    return Problem(
        message,
        file=filename,
        line=repair.line + 1,
        column=1,
        hint=_("put the value in quotes to make the file plain YAML: {line}", line=repair.fixed),
    )


def _yaml_problem(exc: MarkedYAMLError, text: str, filename: str) -> Problem:
    """A YAML syntax error at the line that causes it, with the line as it should read."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    error_line = mark.line if mark else len(lines) - 1
    unclosed = _unclosed_quote(lines, error_line)
    if unclosed is not None:
        number, fixed = unclosed
        return Problem(
            _("a quote opened on this line is never closed"),
            file=filename,
            line=number + 1,
            column=1,
            hint=_("close the quote: {line}", line=fixed),
        )
    message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "?"
    return Problem(
        _("invalid YAML: {problem}", problem=message),
        file=filename,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=_(
            "check indentation; quote values that contain ': ' or start with special characters"
        ),
    )


_QUOTED_START = re.compile(r"^\s*(?:-\s+)?(?:[^\s#'\"][^:#]*:\s+)?(?P<quote>['\"])(?P<rest>.*)$")


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, str] | None:
    """The first line up to `upto` whose value opens a quote that the line does not close
    (maps keep quoted values on one line), with the line as it should read."""
    for number, line in enumerate(lines[: upto + 1]):
        match = _QUOTED_START.match(line)
        if not match:
            continue
        quote, rest = match["quote"], match["rest"]
        body = (
            rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        )
        if quote not in body:
            return number, line.rstrip().strip() + quote
    return None


def _text_items_from_mappings(
    data: CommentedMap, errors: list[ErrorDetails] | None = None
) -> list[tuple[int, str]]:
    """`- звонит в колл-центр: уточняет сроки` is a one-key mapping to YAML; where the model
    wants text, it is the text the author wrote. Rewrites such items in `data`; returns their
    0-based lines and the quoted form."""
    from ruamel.yaml.comments import CommentedSeq

    from journeymap.model.yamlio import position

    items = []
    for error in errors or []:
        loc = tuple(error["loc"])
        value = error.get("input")
        if error["type"] != "string_type" or not loc or not isinstance(loc[-1], int):
            continue
        if not isinstance(value, dict) or len(value) != 1:
            continue
        ((key, item_value),) = value.items()
        if not isinstance(item_value, str | int | float) or isinstance(item_value, bool):
            continue
        found, _line, _col = position(data, loc[:-1])
        parent = _node_at(data, found)
        index = loc[-1]
        if found != loc[:-1] or not isinstance(parent, CommentedSeq) or index >= len(parent):
            continue
        text = f"{key}: {item_value}"
        line = parent.lc.item(index)[0]
        parent[index] = text
        items.append((line, f'- "{text}"'))
    return items


def _node_at(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for part in path:
        node = node[part]
    return node


def problems_from_errors(
    errors: list[ErrorDetails],
    data: CommentedMap,
    filename: str,
    root: type[BaseModel] = JourneyMap,
) -> list[Problem]:
    """Pydantic's errors for the YAML document `data` (validated as `root`) as problems at
    file:line:col with hints; other YAML documents (automation chains) use it too."""
    return _problems_from(errors, data, filename, root)


def _problems_from(
    errors: list[ErrorDetails],
    data: CommentedMap,
    filename: str,
    root: type[BaseModel] = JourneyMap,
) -> list[Problem]:
    from journeymap.model.yamlio import position

    by_place: dict[tuple[str | int, ...], tuple[int, Problem]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        is_key = error["type"] == "extra_forbidden"
        found, line, col = position(data, loc, key=is_key)
        message, hint = _explain(error, loc, root)
        hint = _hint_with_fixed_line(error, found) or hint
        problem = Problem(
            message, path=format_path(found), file=filename, line=line, column=col, hint=hint
        )
        # A union reports once per branch; keep the clearest report for each place.
        current = by_place.get(found)
        if current is None or _rank(error) < current[0]:
            by_place[found] = (_rank(error), problem)
    return _sorted([problem for _rank_value, problem in by_place.values()])


def _hint_with_fixed_line(error: ErrorDetails, found: tuple[str | int, ...]) -> str | None:
    """A validator that knows the fix (`HintedValueError`) gets its hint, with the fixed line."""
    cause = error.get("ctx", {}).get("error")
    if not isinstance(cause, HintedValueError):
        return None
    key = found[-1] if found and isinstance(found[-1], str) else None
    if cause.fixed_value is None or key is None:
        return cause.hint
    fixed = f"{key}: {cause.fixed_value}"
    return _("{hint}: {line}", hint=cause.hint, line=fixed)


def _rank(error: ErrorDetails) -> int:
    return 0 if error["type"] in ("value_error", "extra_forbidden", "missing") else 1


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _explain(
    error: ErrorDetails, loc: tuple[str | int, ...], root: type[BaseModel] = JourneyMap
) -> tuple[str, str | None]:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = allowed_keys(loc[:-1], root)
        guess = closest(key, allowed) if allowed else None
        message = _("unknown key '{key}'", key=key)
        if guess:
            return message, _("did you mean '{guess}'?", guess=guess)
        return message, _("allowed keys: {keys}", keys=", ".join(allowed)) if allowed else None
    if kind == "missing":
        return _("'{key}' is required", key=loc[-1]), _("add `{key}:` here", key=loc[-1])
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, "), None
    if kind == "literal_error":
        return (
            _("{value} is not allowed", value=_show(value)),
            _literal_hint(loc, ctx.get("expected", "")),
        )
    if kind == "string_pattern_mismatch":
        return _("{value} has the wrong form", value=_show(value)), _pattern_hint(loc, value)
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return _("{value} is above the maximum {limit}", value=_show(value), limit=limit), None
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return _("{value} is below the minimum {limit}", value=_show(value), limit=limit), None
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return (
            _("{value} is not a date", value=_show(value)),
            _("write dates as YYYY-MM-DD, e.g. 2026-11-01"),
        )
    return _explain_type(kind, value, ctx, error)


def _explain_type(
    kind: str, value: Any, ctx: dict[str, Any], error: ErrorDetails
) -> tuple[str, str | None]:
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return _("must not be empty"), None
    if kind in _TYPES:
        return _("{value} is not {expected}", value=_show(value), expected=_TYPES[kind]()), None
    if kind == "string_too_long":
        return (
            _(
                "{value} is longer than {limit} characters",
                value=_show(value),
                limit=ctx.get("max_length"),
            ),
            None,
        )
    # pydantic's own English text for the rare kinds above does not cover
    return _("{problem} (got {value})", problem=error["msg"], value=_show(value)), None


_TYPES = {
    "string_type": lambda: _("text"),
    "int_type": lambda: _("a whole number"),
    "int_parsing": lambda: _("a whole number"),
    "float_type": lambda: _("a number"),
    "float_parsing": lambda: _("a number"),
    "list_type": lambda: _("a list"),
    "dict_type": lambda: _("a mapping"),
    "model_type": lambda: _("a mapping"),
    "model_attributes_type": lambda: _("a mapping"),
}


def _literal_hint(loc: tuple[str | int, ...], expected: str) -> str:
    hint = _("use one of: {allowed}", allowed=_choices(expected))
    field = loc[-1] if loc else None
    if get_language() != "ru" or not isinstance(field, str) or field not in SYNONYMS:
        return hint
    # A Russian reader also learns the words the model reads as these values.
    values = [v.strip("'") for v in _choices(expected).split(", ")]
    words = [synonyms_of(field, value)[0] for value in values if synonyms_of(field, value)]
    return _("{hint} (or: {words})", hint=hint, words=", ".join(words)) if words else hint


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as a plain list, free of the English "or"."""
    return expected.replace("' or '", "', '")


def _pattern_hint(loc: tuple[str | int, ...], value: Any) -> str:
    if loc and loc[-1] == "language":
        return _("use a two-letter language code such as en or ru")
    if isinstance(value, str) and has_non_latin_letters(value):
        return _(
            "ids use Latin letters, digits, '-', '_' or '.'; write '{slug}' instead",
            slug=suggest_slug(value),
        )
    return _("ids use letters, digits, '-', '_' or '.', e.g. first-purchase")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


def yaml_problem(exc: MarkedYAMLError, text: str, filename: str) -> Problem:
    """A YAML syntax error as a problem at its line (for every YAML document journeymap reads)."""
    return _yaml_problem(exc, text, filename)
