"""URLs shown to people: credentials in a raw path never reach a message, log or report."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

# Kedro's own marker for a hidden credential (its dataset descriptions use it too).
REDACTED = "<redacted>"
# Query parameters that carry a credential (presigned S3 / Azure SAS / token URLs).
SECRET_QUERY = re.compile(r"token|sig|signature|secret|password|passwd|credential|key", re.I)


def redact_url(url: str) -> str:
    """`url` with its user name, password and secret query values replaced by `<redacted>`.

    A plain path (no `scheme://`) comes back unchanged, `@` and all.
    """
    if "://" not in url:
        return url
    parts = urlsplit(url)
    shown = url
    if "@" in parts.netloc:
        host = parts.netloc.rsplit("@", 1)[1]
        shown = shown.replace(parts.netloc, f"{REDACTED}@{host}", 1)
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        hidden = [(k, REDACTED if SECRET_QUERY.search(k) else v) for k, v in pairs]
        # Replaced in place (not rebuilt): `memory:///x` must stay as the user wrote it.
        shown = shown.replace(parts.query, urlencode(hidden, safe="<>"), 1)
    return shown
