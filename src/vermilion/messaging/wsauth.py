"""Who is on the other end of a WebSocket, and whether the page that opened it is ours.

Browsers send cookies with a WebSocket handshake from any site, and CSRF tokens do not apply, so
the Origin header is the guard: it must name this site (the Host the handshake came to, or one of
CSRF_TRUSTED_ORIGINS) and a host ALLOWED_HOSTS permits. A client without an Origin is not a
browser; it must bring a bearer token (`?token=` or a first `auth` message), as API clients do.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any
from urllib.parse import parse_qs, urlsplit

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.http.request import split_domain_port, validate_host
from django.utils.crypto import constant_time_compare

from vermilion.accounts.models import ApiToken, User
from vermilion.accounts.tokens import user_for_token as lookup


def header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def allowed_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    return ["localhost", "127.0.0.1", "[::1]"] if settings.DEBUG and not hosts else hosts


def origin_ok(scope: dict[str, Any]) -> bool:
    """True for our own pages, and for non-browser clients (no Origin at all)."""
    origin = header(scope, b"origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    domain, _port = split_domain_port(parts.netloc)
    if not domain or not validate_host(domain, allowed_hosts()):
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    # Same origin: the page and the socket share a host:port (what Django's CSRF check requires).
    host = header(scope, b"host")
    return host is not None and host.lower() == parts.netloc.lower()


def query_token(scope: dict[str, Any]) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    return values[0] if values else None


@database_sync_to_async
def token_for(key: str) -> ApiToken | None:
    """The live token a socket was opened with (its user loaded), or None."""
    return lookup(key)


def session_user(scope: dict[str, Any]) -> User | None:
    user = scope.get("user")
    return user if user is not None and user.is_authenticated else None


def session_key(scope: dict[str, Any]) -> str:
    session = scope.get("session")
    return str(getattr(session, "session_key", "") or "")


def session_still_valid(key: str, user_id: int) -> bool:
    """Whether the web session `key` is still `user_id`'s: not signed out, not expired, and its
    account active with the same password and session epoch it signed in with."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    data = store.load()
    if str(data.get(SESSION_KEY, "")) != str(user_id):
        return False
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return user is not None and constant_time_compare(str(data.get(HASH_SESSION_KEY, "")),
                                                      user.get_session_auth_hash())
