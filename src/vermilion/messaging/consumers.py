"""One WebSocket per open tab, at /ws. Protocol (docs/api.md):

server → client: hello {user, unread}; message; read; conversation; hidden; notification; typing;
                 caught_up {complete, unread}; pong; error {code, message, retry_after?}
client → server: auth {token} (when neither a session cookie nor ?token= came along);
                 resume {since: last event id seen}; typing {conversation_id}; ping

Closing codes: 4401 not signed in / bad token, 4403 forged origin (refused at the handshake),
4429 reconnecting too often (retry_after says when to come back), 4400 not our protocol.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

from vermilion.accounts.models import User
from vermilion.accounts.tokens import session_digest
from vermilion.kit.errors import ApiError
from vermilion.kit.geo import scope_region
from vermilion.kit.http.inputs import read_json
from vermilion.kit.ids import parse_id
from vermilion.kit.ratelimit import check_rate
from vermilion.notifications.queries import unread_counts as notification_counts

from . import tail
from .models import Participant
from .push import session_group, token_group, user_group
from .queries import catch_up, parse_since, unread_counts
from .wsauth import header, origin_ok, query_token, session_key, session_still_valid, session_user, token_for

AUTH_TIMEOUT_SECONDS = 10
# A socket re-checks its sign-in before a delivery at most this often (a signed-out socket is also
# closed at once by a push, consumers.RealtimeConsumer.rt_close).
RECHECK_SECONDS = 1.0
TYPING_EVERY_SECONDS = 2.0
PEER_CACHE_SECONDS = 30.0
MAX_FRAME_CHARS = 4096


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.user: Any = None
        self.token_key = ""  # the API token the socket signed in with, or "" (a web session)
        self.session = ""  # the web session's key, when it signed in with one
        self.groups_joined: list[str] = []
        self.checked_at = 0.0
        self.auth_timer: asyncio.TimerHandle | None = None
        self.typing_sent: dict[int, float] = {}
        self.peers: dict[int, tuple[int | None, float]] = {}
        if not origin_ok(self.scope):
            await self.close(code=4403)  # before accept: the handshake itself is refused
            return
        await self.accept()
        token = query_token(self.scope)
        if token:
            found = await token_for(token)
            if found is None:
                await self.fail(ApiError("invalid_token", _("Your sign-in token is invalid or has been revoked.")), 4401)
                return
            await self.start(found.user, token=(token, found.pk))
            return
        user = session_user(self.scope)
        if user is not None:
            await self.start(user)
            return
        if not await self.within_rate(f"addr:{(self.scope.get('client') or ('?',))[0]}"):
            return
        loop = asyncio.get_running_loop()
        self.auth_timer = loop.call_later(AUTH_TIMEOUT_SECONDS, lambda: asyncio.ensure_future(self.auth_timeout()))

    async def auth_timeout(self) -> None:
        if self.user is None:
            await self.fail(ApiError("not_authenticated", _("Please sign in first.")), 4401)

    async def within_rate(self, key: str) -> bool:
        try:
            await database_sync_to_async(check_rate)("ws_connect", key)
        except ApiError as error:
            await self.fail(error, 4429, retry_after=int(error.headers.get("Retry-After", "60")))
            return False
        return True

    async def start(self, user: User, token: tuple[str, int] | None = None) -> None:
        """Signed in: join the person's group, and the group of the token or web session it came
        with, so that signing that one out closes this socket (push.close_sockets)."""
        if self.auth_timer is not None:
            self.auth_timer.cancel()
        if not await self.within_rate(f"user:{user.pk}"):
            return
        self.user = user
        self.checked_at = time.monotonic()
        self.groups_joined = [user_group(user.pk)]
        if token is not None:
            self.token_key = token[0]
            self.groups_joined.append(token_group(token[1]))
        elif session_key(self.scope):
            self.session = session_key(self.scope)
            self.groups_joined.append(session_group(session_digest(self.session)))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        tail.connected(user.pk)
        snapshot = await database_sync_to_async(_snapshot)(user)
        await self.send_json({"type": "hello", "user": user.username, "unread": snapshot})

    async def disconnect(self, code: int) -> None:
        if getattr(self, "auth_timer", None) is not None:
            self.auth_timer.cancel()  # type: ignore[union-attr]
        if getattr(self, "user", None) is not None:
            for group in self.groups_joined:
                await self.channel_layer.group_discard(group, self.channel_name)
            tail.disconnected(self.user.pk)

    # --- from the client -------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        content: Any = None
        if text_data is not None and len(text_data) <= MAX_FRAME_CHARS:
            try:
                content = read_json(text_data)  # the API's rules: no control characters, bounded nesting
            except ApiError:
                content = None
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.fail(ApiError("bad_message", _("The request could not be understood.")), 4400)
            return
        await self.receive_json(content)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        kind = content["type"]
        if self.user is None:
            token = content.get("token")
            found = await token_for(token) if kind == "auth" and isinstance(token, str) else None
            if found is None:
                await self.fail(ApiError("not_authenticated", _("Please sign in first.")), 4401)
            else:
                await self.start(found.user, token=(str(token), found.pk))
            return
        if kind == "resume":
            await self.resume(content.get("since"))
        elif kind == "typing":
            await self.typing(content.get("conversation_id"))
        elif kind == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_error(ApiError("bad_message", _("The request could not be understood.")))

    async def resume(self, since: Any) -> None:
        try:
            result = await database_sync_to_async(_catch_up)(self.user, since, scope_region(self.scope) or "")
        except ApiError as error:
            await self.send_error(error)
            return
        for event in result["events"]:
            await self.send_json(event)
        await self.send_json({"type": "caught_up", "complete": result["complete"], "unread": result["unread"]})

    async def typing(self, conversation_id: Any) -> None:
        pk = parse_id(str(conversation_id or ""))
        now = time.monotonic()
        if pk is None or now - self.typing_sent.get(pk, 0.0) < TYPING_EVERY_SECONDS:
            return  # typing is a hint: too frequent or malformed ones are dropped quietly
        other_id, checked = self.peers.get(pk, (None, 0.0))
        if now - checked > PEER_CACHE_SECONDS:
            other_id = await database_sync_to_async(_typing_peer)(self.user, pk)
            self.peers[pk] = (other_id, now)
        if other_id is None:
            return
        self.typing_sent[pk] = now
        who = {"username": self.user.username, "display_name": self.user.name}
        await self.channel_layer.group_send(user_group(other_id), {"type": "rt.event", "event": {
            "type": "typing", "conversation_id": str(pk), "user": who}})

    # --- to the client ---------------------------------------------------------------------

    @classmethod
    async def encode_json(cls, content: Any) -> str:
        return json.dumps(content, cls=DjangoJSONEncoder, ensure_ascii=False)

    async def rt_close(self, message: dict[str, Any]) -> None:
        """This socket's sign-in ended (signed out, password changed, account restricted)."""
        await self.fail(ApiError("signed_out", _("You were signed out. Sign in again to continue.")), 4401)

    async def still_signed_in(self) -> bool:
        """Re-check, at most every RECHECK_SECONDS, that the token or session this socket signed in
        with is still valid: a delivery never reaches a socket whose sign-in has ended."""
        now = time.monotonic()
        if now - self.checked_at < RECHECK_SECONDS:
            return True
        self.checked_at = now
        if self.token_key:
            found = await token_for(self.token_key)
            return found is not None and found.user_id == self.user.pk
        if self.session:
            return bool(await database_sync_to_async(session_still_valid)(self.session, self.user.pk))
        return False

    async def rt_event(self, message: dict[str, Any]) -> None:
        if getattr(self, "closing", False):
            return
        if not await self.still_signed_in():
            await self.rt_close({})
            return
        await self.send_json(message["event"])

    def language(self) -> str:
        chosen = getattr(self.user, "ui_language", "") if self.user is not None else ""
        accept = header(self.scope, b"accept-language") or ""
        codes = [chosen] if chosen else [code for code, _q in parse_accept_lang_header(accept)]
        for code in codes:
            try:
                return str(get_supported_language_variant(code))
            except LookupError:
                continue
        return str(settings.LANGUAGE_CODE)

    def text(self, message: str | Promise) -> str:
        with translation.override(self.language()):
            return str(message)

    async def send_error(self, error: ApiError, **extra: Any) -> None:
        await self.send_json({"type": "error", "code": error.code, "message": self.text(error.message), **extra})

    async def fail(self, error: ApiError, close_code: int, **extra: Any) -> None:
        if getattr(self, "closing", False):
            return
        self.closing = True
        await self.send_error(error, **extra)
        await self.close(code=close_code)


def _snapshot(user: User) -> dict[str, Any]:
    return {"messages": unread_counts(user), "notifications": notification_counts(user)}


def _catch_up(user: User, since: object, region: str) -> dict[str, Any]:
    # Where the socket's address is, else where the account was made (regional rules).
    return catch_up(user, parse_since(since), region or user.ip_region)


def _typing_peer(user: User, conversation_id: int) -> int | None:
    """Whom typing in this conversation may reach: the other person, once they accepted it."""
    side = Participant.objects.visible_to(user).filter(conversation_id=conversation_id).first()
    if side is None:
        return None
    theirs = Participant.objects.filter(conversation_id=conversation_id, user_id=side.other_id).first()
    return side.other_id if theirs is not None and theirs.state == Participant.State.ACCEPTED else None
