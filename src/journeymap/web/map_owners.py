"""Which users of the app a map's `owner:` field names, written the way a team writes owners.

The field is split on commas and semicolons ("Marina, Oleg", "marina; oleg"); each part,
trimmed, names a user when it equals the user's name or e-mail address, ignoring case. A part
that names nobody ("Marketing team") is skipped. Nothing else is parsed: "Marina и Oleg" or
"Marina and Oleg" is one part that matches no one, so owners are listed with commas.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_SEPARATORS = re.compile(r"[,;]")


def owner_parts(owner: str | None) -> list[str]:
    """The non-empty, trimmed parts of an `owner:` field, in order."""
    if not owner:
        return []
    return [part.strip() for part in _SEPARATORS.split(owner) if part.strip()]


def owner_names(owner: str | None, accounts: Mapping[str, str | None]) -> set[str]:
    """The user names that `owner` names; `accounts` maps each user name to its e-mail address
    (None: the user gave none)."""
    wanted = {part.casefold() for part in owner_parts(owner)}
    return {
        name
        for name, email in accounts.items()
        if name.casefold() in wanted or (email is not None and email.casefold() in wanted)
    }
