"""People who use the web app: names, roles and password hashes, kept in the workspace.

Passwords are hashed with scrypt (standard library, memory-hard) and a random salt per user;
the file never holds a password. Roles: a viewer reads, an editor also edits maps, an admin
also manages users.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from journeymap.i18n import gettext as _

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "editor", "admin")
USERS_FILE = Path(".journeymap") / "users.json"
SECRET_FILE = Path(".journeymap") / "web-secret"
MIN_PASSWORD = 8
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
"""Enough to catch a typo (a name, no domain); the server that takes the mail says the rest."""

# scrypt cost: n=2**14, r=8 takes ~16 MiB and tens of milliseconds, OWASP's minimum setting.
_N, _R, _P = 2**14, 8, 1


class AccountError(ValueError):
    """A user request that cannot be done (unknown role, short password, name taken)."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    password: str
    """`scrypt$n$r$p$salt$hash` (base64)."""
    language: str | None = None
    """The UI language the user chose; None: the browser's."""
    signed_out_at: float = 0.0
    """Sessions started before this time (Unix time) are void: signing out, or a new
    password, ends the user's sessions everywhere."""
    email: str | None = None
    """Where notices of new comments go when the app can send e-mail; None: in the app only."""

    def can_edit(self) -> bool:
        return self.role in ("editor", "admin")

    def public(self) -> dict[str, object]:
        return {"name": self.name, "role": self.role, "language": self.language}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encoded = [base64.b64encode(x).decode() for x in (salt, digest)]
    return f"scrypt${_N}${_R}${_P}${encoded[0]}${encoded[1]}"


def check_password(password: str, stored: str) -> bool:
    try:
        _scheme, n, r, p, salt, digest = stored.split("$")
        again = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(again, base64.b64decode(digest))


class Accounts:
    """The users of one workspace (`.journeymap/users.json`)."""

    def __init__(self, root: Path) -> None:
        self.file = root / USERS_FILE
        self.secret_file = root / SECRET_FILE

    def _read(self) -> dict[str, User]:
        if not self.file.is_file():
            return {}
        rows = json.loads(self.file.read_text(encoding="utf-8"))
        return {row["name"]: User(**row) for row in rows}

    def _write(self, users: dict[str, User]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".saving")
        rows = [asdict(u) for u in sorted(users.values(), key=lambda u: u.name)]
        temporary.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.chmod(0o600)
        temporary.replace(self.file)

    def get(self, name: str) -> User | None:
        return self._read().get(name)

    def all(self) -> list[User]:
        return sorted(self._read().values(), key=lambda u: u.name)

    def add(self, name: str, role: str, password: str) -> User:
        """Add a user or replace one's role and password."""
        if role not in ROLES:
            raise AccountError(
                _("unknown role '{role}'; use one of: {roles}", role=role, roles=", ".join(ROLES))
            )
        if not name.strip() or any(c.isspace() for c in name):
            raise AccountError(_("a user name is one word without spaces"))
        if len(password) < MIN_PASSWORD:
            raise AccountError(
                _("the password must have at least {count} characters", count=MIN_PASSWORD)
            )
        users = self._read()
        user = User(
            name,
            ROLES[ROLES.index(role)],
            hash_password(password),
            language=users[name].language if name in users else None,
            signed_out_at=time.time() if name in users else 0.0,
            email=users[name].email if name in users else None,
        )
        users[name] = user
        self._write(users)
        return user

    def set_language(self, name: str, language: str | None) -> None:
        users = self._read()
        if name in users:
            row = asdict(users[name]) | {"language": language}
            users[name] = User(**row)
            self._write(users)

    def set_email(self, name: str, email: str | None) -> None:
        """The address for notices of new comments (None or empty: none)."""
        email = (email or "").strip() or None
        if email is not None and not _EMAIL.fullmatch(email):
            raise AccountError(_("'{email}' is not an e-mail address", email=email))
        users = self._read()
        if name in users:
            users[name] = User(**(asdict(users[name]) | {"email": email}))
            self._write(users)

    def sign_out_everywhere(self, name: str) -> None:
        users = self._read()
        if name in users:
            users[name] = User(**(asdict(users[name]) | {"signed_out_at": time.time()}))
            self._write(users)

    def authenticate(self, name: str, password: str) -> User | None:
        user = self.get(name)
        if user is None:
            check_password(password, hash_password("x" * MIN_PASSWORD))  # same time either way
            return None
        return user if check_password(password, user.password) else None

    def secret(self) -> bytes:
        """The key that signs session cookies (made on first use, kept private to the owner)."""
        if not self.secret_file.is_file():
            self.secret_file.parent.mkdir(parents=True, exist_ok=True)
            self.secret_file.write_bytes(secrets.token_bytes(32))
            self.secret_file.chmod(0o600)
        return self.secret_file.read_bytes()
