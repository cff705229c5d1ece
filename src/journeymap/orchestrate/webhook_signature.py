"""The signature of a webhook delivery, and its check for receivers written in Python.

A delivery carries `X-Journeymap-Timestamp: T` (Unix seconds when it was sent) and
`X-Journeymap-Signature: sha256=HEX`, the HMAC-SHA256 under the channel's secret of
`T` + "." + the body. The timestamp is signed, so a receiver that refuses deliveries older than
a few minutes (`verify_webhook`'s `tolerance`) cannot be fed an old delivery again, and one
that also keeps the `Idempotency-Key`s of that window drops a replay or a retry inside it. A
retry (after a channel error or a crash) is signed anew with its own time and the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-Journeymap-Timestamp"
SIGNATURE_HEADER = "X-Journeymap-Signature"
TOLERANCE_SECONDS = 300
"""The age past which `verify_webhook` refuses a delivery by default (and as far in the future,
for clock skew)."""


def sign_webhook(secret: bytes, body: bytes, timestamp: int) -> str:
    """The signature header's value: `sha256=` and the hex HMAC-SHA256 of `T.body`."""
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret, signed, hashlib.sha256).hexdigest()


def verify_webhook(
    secret: bytes,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    *,
    now: float | None = None,
    tolerance: float = TOLERANCE_SECONDS,
) -> bool:
    """Whether a delivery is authentic and fresh: the signature holds for this timestamp and
    body, and the timestamp is within `tolerance` seconds of `now`. Then drop it anyway if its
    `Idempotency-Key` was seen (keep the keys for at least `tolerance`)."""
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    moment = int(timestamp)
    if abs((time.time() if now is None else now) - moment) > tolerance:
        return False
    return hmac.compare_digest(signature, sign_webhook(secret, body, moment))
