"""Reading HTML form posts (`application/x-www-form-urlencoded`, what forms and htmx send)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request

MAX_FORM_BYTES = 1_000_000


class Form(dict[str, str]):
    """The fields of a post (the last value of each name), and every value of a repeated name
    (checkboxes) through `every`."""

    def __init__(self, pairs: list[tuple[str, str]] | None = None) -> None:
        super().__init__(pairs or [])
        self._pairs = pairs or []

    def text(self, name: str) -> str:
        return self.get(name, "")

    def every(self, name: str) -> list[str]:
        return [value for key, value in self._pairs if key == name]

    def number(self, name: str) -> int | None:
        value = self.get(name, "").strip()
        try:
            return int(value) if value else None
        except ValueError:
            return None

    def fields(self, *texts: str, numbers: tuple[str, ...] = ()) -> dict[str, Any]:
        """The keyword arguments of an edit: each of `texts` as `text`, each of `numbers` as
        `number` (so a form's fields pass straight to the edit of the same names)."""
        return {name: self.text(name) for name in texts} | {
            name: self.number(name) for name in numbers
        }


async def read_form(request: Request) -> Form:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return Form()
    return Form(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
