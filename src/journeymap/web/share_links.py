"""Read-only share links to a map page or a map's report: signed, expiring and revocable.

The links live in the workspace (`.journeymap/share-links.json`). Each has a random id and an
HMAC-SHA256 signature over (id, map, kind, expiry, view) under the app's secret; the URL carries
the id, the signature, the map, the kind and the view (the filter the recipient sees, as the
URL's query: `?persona=olga&lane=actions&view=1` for a map, `?segment=channel%3Dweb` for a
report), so a link opened for another map or kind, with a changed signature or with its view
edited (widened, narrowed or removed), is refused. Revoking keeps the link in the file, marked,
so its page can say why it stopped working.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode

from journeymap.i18n import gettext as _

Kind = Literal["map", "report"]
KINDS: tuple[Kind, ...] = ("map", "report")
LINKS_FILE = Path(".journeymap") / "share-links.json"
DEFAULT_DAYS = 7
MAX_DAYS = 90
DAY = 86400.0


class ShareError(ValueError):
    """A share link that cannot be made (unknown kind, expiry out of range)."""


@dataclass(frozen=True)
class ShareLink:
    id: str
    map: str
    """The map's key (its file name without `.yaml`)."""
    kind: Kind
    expires: int
    """Unix time (whole seconds) after which the link no longer works."""
    created_by: str
    created_at: float
    signature: str
    revoked_at: float | None = None
    revoked_by: str | None = None
    view: str = ""
    """The view filter as a canonical query string (`canonical_view`); empty: the whole map or
    report."""

    def token(self) -> str:
        return f"{self.id}.{self.signature}"

    def path(self) -> str:
        """The link's URL path (relative to the app)."""
        suffix = "/report" if self.kind == "report" else ""
        query = f"?{self.view}" if self.view else ""
        return f"/share/{self.token()}/{self.map}{suffix}{query}"

    def expired(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) >= self.expires

    def public(self, now: float | None = None) -> dict[str, object]:
        status = "revoked" if self.revoked_at else "expired" if self.expired(now) else "active"
        return {
            "id": self.id,
            "map": self.map,
            "kind": self.kind,
            "url": self.path(),
            "created_by": self.created_by,
            "created_at": self.created_at,
            "expires": self.expires,
            "status": status,
            "revoked_by": self.revoked_by,
            "view": self.view,
        }


def canonical_view(query: str) -> str:
    """A query string in one spelling (the same pairs, in order, percent-encoded one way), so
    the URL a browser sends and the view a link was signed with compare equal."""
    return urlencode(parse_qsl(query, keep_blank_values=True))


def sign(
    secret: bytes, link_id: str, map_key: str, kind: str, expires: int, *, view: str = ""
) -> str:
    """The link's signature; a link without a view signs what links signed before views were
    added, so those keep working."""
    fields: list[object] = ["share", link_id, map_key, kind, expires]
    payload = json.dumps([*fields, view] if view else fields).encode()
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


class ShareLinks:
    """The share links of one workspace."""

    def __init__(self, root: Path, secret: bytes) -> None:
        self.file = root / LINKS_FILE
        self.secret = secret

    def _read(self) -> dict[str, ShareLink]:
        if not self.file.is_file():
            return {}
        rows = json.loads(self.file.read_text(encoding="utf-8"))
        return {row["id"]: ShareLink(**row) for row in rows}

    def _write(self, links: dict[str, ShareLink]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".saving")
        rows = [asdict(link) for link in sorted(links.values(), key=lambda x: x.created_at)]
        temporary.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.chmod(0o600)
        temporary.replace(self.file)

    def create(
        self,
        map_key: str,
        kind: str,
        days: int,
        by: str,
        *,
        now: float | None = None,
        view: str = "",
    ) -> ShareLink:
        """A new link to `map_key`'s page (`map`) or report (`report`) for `days` days, showing
        only `view` (a query string the page reads; the caller checks it)."""
        if kind not in KINDS:
            raise ShareError(_("a share link is to a map or a report, not '{kind}'", kind=kind))
        if not 1 <= days <= MAX_DAYS:
            raise ShareError(
                _("a share link lasts from 1 to {most} days, not {days}", most=MAX_DAYS, days=days)
            )
        now = time.time() if now is None else now
        link_id = secrets.token_urlsafe(12)
        expires = int(now + days * DAY)
        view = canonical_view(view)
        signature = sign(self.secret, link_id, map_key, kind, expires, view=view)
        link = ShareLink(
            link_id, map_key, KINDS[KINDS.index(kind)], expires, by, now, signature, view=view
        )
        links = self._read()
        links[link.id] = link
        self._write(links)
        return link

    def of_map(self, map_key: str) -> list[ShareLink]:
        return [link for link in self._read().values() if link.map == map_key]

    def revoke(self, link_id: str, by: str, map_key: str) -> ShareLink | None:
        """Mark a link of `map_key` revoked; None when the map has no such link."""
        links = self._read()
        link = links.get(link_id)
        if link is None or link.map != map_key:
            return None
        if link.revoked_at is None:
            link = replace(link, revoked_at=time.time(), revoked_by=by)
            links[link.id] = link
            self._write(links)
        return link

    def get(self, link_id: str) -> ShareLink | None:
        return self._read().get(link_id)

    def signed(
        self, link: ShareLink, signature: str, map_key: str, kind: str, view: str = ""
    ) -> bool:
        """The URL's signature is the link's, for this map, kind and view (the URL's query);
        else the URL was changed (its view edited) or the token copied onto another map's
        address. The link's own view must match too, so a view edited in the file fails."""
        view = canonical_view(view)
        expected = sign(self.secret, link.id, map_key, kind, link.expires, view=view)
        return view == link.view and hmac.compare_digest(expected, signature)
