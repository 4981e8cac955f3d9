"""Checks on requests that claim to come from Meta.

Meta signs every webhook POST with the app secret: the header X-Hub-Signature-256
is "sha256=" followed by the hex HMAC-SHA256 of the raw request body. The webhook
verification GET carries the verify token the Page admin typed in the app dashboard.
Both are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Optional

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="


def sign(app_secret: str, body: bytes) -> str:
    """The X-Hub-Signature-256 value Meta sends for `body` (also used by the tests)."""
    digest = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return _PREFIX + digest


def signature_is_valid(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """True only when `header` is "sha256=<hex>" and the HMAC of `body` matches.

    A missing header, another algorithm (the legacy SHA-1 "sha1=" header is not
    accepted), an empty secret or a malformed value are all invalid.
    """
    if not app_secret or not header:
        return False
    header = header.strip()
    if header[: len(_PREFIX)].lower() != _PREFIX:
        return False
    given = header[len(_PREFIX) :].strip().lower().encode("utf-8", "replace")
    expected = sign(app_secret, body)[len(_PREFIX) :].encode("ascii")
    return hmac.compare_digest(expected, given)


def verify_token_matches(expected: str, mode: Optional[str], given: Optional[str]) -> bool:
    """The webhook verification GET: hub.mode must be "subscribe", the token equal."""
    if not expected or mode != "subscribe" or given is None:
        return False
    return hmac.compare_digest(expected.encode("utf-8", "replace"), given.encode("utf-8", "replace"))
