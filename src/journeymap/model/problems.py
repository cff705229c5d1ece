"""Problems found in a map file, each pointing at file, line, column and field path."""

from __future__ import annotations

from dataclasses import dataclass, field

from journeymap.i18n import gettext as _


def location(file: str | None, line: int | None, column: int | None) -> str:
    """`file:line:col` as editors and CI annotations understand it (parts that are known)."""
    parts = [file or "<map>"]
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a map file. Lines and columns are 1-based."""

    message: str
    path: str = ""
    """Field path such as `stages[2].emotions.marina` (list indexes are 0-based)."""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def where(self) -> str:
        return location(self.file, self.line, self.column)

    def __str__(self) -> str:
        text = f"{self.where} {self.path + ': ' if self.path else ''}{self.message}"
        return with_hint(text, self.hint)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class HintedValueError(ValueError):
    """A validator's complaint that also knows the fix: `hint`, and `fixed_value` to show the
    corrected line (`key: fixed_value`) when the loader knows the key."""

    def __init__(self, message: str, hint: str, fixed_value: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.fixed_value = fixed_value


@dataclass
class MapError(Exception):
    """A map file that cannot be loaded; `problems` says every reason found."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def with_hint(text: str, hint: str | None) -> str:
    """`text (hint: ...)` in the current language; `text` alone when there is no hint."""
    return _("{message} (hint: {hint})", message=text, hint=hint) if hint else text


def format_path(parts: tuple[str | int, ...] | list[str | int]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
