"""Where a form sends the reader back to: only ever a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """`candidate` (a `next` value or a Referer) as a path on this site, or None. Another host, a
    scheme other than http(s) (`javascript:`), a protocol-relative `//host` or anything malformed is
    never followed; an absolute URL of this site is reduced to its path and query."""
    if not candidate or len(candidate) > 2000:
        return None
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return None
    parts = urlsplit(candidate)
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    return f"{path}?{parts.query}" if parts.query else path
