"""Credentials never reach a record or a log: URLs are redacted before they are written."""

from __future__ import annotations

import re

# Kedro's own marker for a hidden credential (its dataset descriptions use it too).
MASK = "<redacted>"
# user:password@ (or a lone token@) in the authority part of a URL.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s]+)@")
# Query parameters that carry a secret: tokens, signatures, keys, AWS/Azure/GCS presigning.
_SECRET_QUERY = re.compile(
    r"(?P<key>[?&;](?:[^=&\s#]*(?:token|sig|signature|secret|password|passwd|key|credential)"
    r"[^=&\s#]*|X-Amz-[^=&\s#]+|X-Goog-[^=&\s#]+|se|sp|sv|skoid|sktid))=(?P<value>[^&\s#]*)",
    re.IGNORECASE,
)


def redact(text: object) -> object:
    """`text` with URL credentials masked; anything that is not a string is returned as is."""
    if not isinstance(text, str):
        return text
    masked = _USERINFO.sub(lambda m: f"{m['scheme']}{MASK}@", text)
    return _SECRET_QUERY.sub(lambda m: f"{m['key']}={MASK}", masked)


def redact_all(value: object) -> object:
    """Every string inside nested dicts, lists and tuples redacted (records, parameters)."""
    if isinstance(value, dict):
        return {key: redact_all(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_all(item) for item in value]
    return redact(value)


def redact_url(url: str) -> str:
    """`url` with its user name, password and secret query values masked (`redact`)."""
    return str(redact(url))
