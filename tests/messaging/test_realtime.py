"""The WebSocket consumer: auth, origin, delivery on commit only, typing, catch-up, reconnect limits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction
from django.test import Client

from vermilion.accounts.tokens import issue_token
from vermilion.asgi import application
from vermilion.messaging.models import Message

from .conftest import send
from .wsclient import WebSocketClient

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]

SAME_SITE = [(b"origin", b"http://localhost"), (b"host", b"localhost")]


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    async_to_sync(scenario)()


def db(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Awaitable[Any]:
    return database_sync_to_async(fn)(*args, **kwargs)


async def connect(user: Any = None, *, headers: list[tuple[bytes, bytes]] | None = None,
                  hello: bool = True) -> WebSocketClient:
    path = "/ws"
    if user is not None:
        path += "?token=" + await db(issue_token, user)
    socket = WebSocketClient(application, path, headers=SAME_SITE if headers is None else headers)
    connected, _code = await socket.connect(timeout=20)
    assert connected
    if user is not None and hello:
        greeting = await socket.receive_json_from(timeout=20)
        assert greeting["type"] == "hello" and greeting["user"] == user.username
    return socket


async def next_of(socket: WebSocketClient, kind: str) -> dict[str, Any]:
    while True:
        event = await socket.receive_json_from(timeout=20)
        if event["type"] == kind:
            return event  # type: ignore[no-any-return]


async def closed_with(socket: WebSocketClient) -> int:
    output = await socket.receive_output(timeout=20)
    assert output["type"] == "websocket.close", output
    return int(output.get("code", 1000))


def test_messages_arrive_live_for_both_sides(make_user, open_chat, friends):
    a, b = make_user("anna"), make_user("ben")
    friends(a, b)
    api, cid = open_chat(a, b)

    async def scenario() -> None:
        ben, anna = await connect(b), await connect(a)
        await db(send, api, cid, "你好 Ben", client_token="c1")
        event = await next_of(ben, "message")
        assert (event["conversation_id"], event["box"], event["notify"]) == (cid, "inbox", True)
        assert event["message"]["body"] == "你好 Ben" and event["message"]["client_token"] is None
        assert event["unread"]["messages"]["messages"] == 1
        echo = await next_of(anna, "message")  # the sender's other tabs see it too
        assert echo["message"]["mine"] and echo["message"]["client_token"] == "c1" and not echo["notify"]
        await ben.disconnect()
        await anna.disconnect()

    run(scenario)


def test_session_cookie_auth(make_user):
    user = make_user("cookie")
    web = Client()
    web.force_login(user)
    cookie = f"sessionid={web.cookies['sessionid'].value}".encode()

    async def scenario() -> None:
        socket = await connect(headers=[*SAME_SITE, (b"cookie", cookie)], hello=False)
        hello = await socket.receive_json_from(timeout=20)
        assert hello["type"] == "hello" and hello["user"] == "cookie"
        assert set(hello["unread"]) == {"messages", "notifications"}
        await socket.disconnect()

    run(scenario)


def test_missing_or_bad_auth_is_refused(make_user):
    user = make_user()

    async def scenario() -> None:
        anonymous = await connect()
        await anonymous.send_json_to({"type": "ping"})
        error = await anonymous.receive_json_from(timeout=20)
        assert error["code"] == "not_authenticated"
        assert await closed_with(anonymous) == 4401

        forged_token = WebSocketClient(application, "/ws?token=vmn_nope", headers=SAME_SITE)
        assert (await forged_token.connect(timeout=20))[0]
        assert (await forged_token.receive_json_from(timeout=20))["code"] == "invalid_token"
        assert await closed_with(forged_token) == 4401

        # A client that cannot put the token in the URL sends it first.
        later = await connect()
        await later.send_json_to({"type": "auth", "token": await db(issue_token, user)})
        assert (await later.receive_json_from(timeout=20))["type"] == "hello"
        await later.send_to(text_data="not json")
        assert (await later.receive_json_from(timeout=20))["code"] == "bad_message"
        assert await closed_with(later) == 4400

    run(scenario)


def test_forged_origin_is_refused_at_the_handshake(make_user):
    user = make_user()

    async def scenario() -> None:
        token = await db(issue_token, user)
        for origin in (b"http://evil.example", b"null", b"http://localhost.evil.example"):
            socket = WebSocketClient(application, f"/ws?token={token}",
                                           headers=[(b"origin", origin), (b"host", b"localhost")])
            connected, code = await socket.connect(timeout=20)
            assert (connected, code) == (False, 4403), origin
        # No Origin at all: not a browser, so the token alone decides.
        api_client = await connect(user, headers=[(b"host", b"localhost")])
        await api_client.disconnect()

    run(scenario)


def test_events_leave_only_after_commit(make_user, open_chat, friends):
    from vermilion.messaging.actions import do_send_message
    from vermilion.messaging.queries import side_for

    a, b = make_user(), make_user()
    friends(a, b)
    _api, cid = open_chat(a, b)

    def send_then_fail() -> None:
        with pytest.raises(RuntimeError), transaction.atomic():
            do_send_message(a, side_for(a, cid), body="never")
            raise RuntimeError("rolled back")

    def send_and_commit() -> None:
        with transaction.atomic():
            do_send_message(a, side_for(a, cid), body="kept")

    async def scenario() -> None:
        ben = await connect(b)
        await db(send_then_fail)
        assert await ben.receive_nothing(timeout=0.3)
        await db(send_and_commit)
        assert (await next_of(ben, "message"))["message"]["body"] == "kept"
        await ben.disconnect()

    run(scenario)
    assert list(Message.objects.values_list("body", flat=True)) == ["kept"]


def test_typing_reaches_the_other_only_once_accepted(make_user, open_chat, client_for):
    a, b = make_user("typer"), make_user("reader")
    api, cid = open_chat(a, b)
    send(api, cid, "hi")
    reader_api = client_for(b)

    async def scenario() -> None:
        typer, reader = await connect(a), await connect(b)
        await typer.send_json_to({"type": "typing", "conversation_id": cid})
        assert await reader.receive_nothing(timeout=0.3)  # a request: strangers' typing stays private
        await db(reader_api.post, f"/api/v1/conversations/{cid}/accept")
        typer2 = await connect(a)  # a fresh connection asks again instead of its cached answer
        await typer2.send_json_to({"type": "typing", "conversation_id": cid})
        event = await next_of(reader, "typing")
        assert event == {"type": "typing", "conversation_id": cid, "user": {"username": "typer", "display_name": "typer"}}
        await typer2.send_json_to({"type": "typing", "conversation_id": cid})  # too soon: dropped
        assert await reader.receive_nothing(timeout=0.3)
        for socket in (typer, typer2, reader):
            await socket.disconnect()

    run(scenario)


def test_reconnecting_catches_up_on_what_was_missed(make_user, open_chat, friends, post_note, client_for):
    a, b = make_user("sender"), make_user("away")
    friends(a, b)
    api, cid = open_chat(a, b)
    seen = send(api, cid, "seen").json()
    liker = client_for(a)

    async def scenario() -> None:
        missed = [(await db(send, api, cid, f"missed {i}")).json()["id"] for i in range(3)]
        note = await db(post_note, b)
        await db(liker.post, f"/api/v1/notes/{note['id']}/like")
        socket = await connect(b)
        await socket.send_json_to({"type": "resume", "since": seen["id"]})
        events = []
        while True:
            event = await socket.receive_json_from(timeout=20)
            if event["type"] == "caught_up":
                break
            events.append(event)
        ids = [e["id"] for e in events if e["type"] == "message"]
        assert missed == [i for i in ids if i != seen["id"]]  # the overlap may repeat `seen`; clients drop it
        assert "like_note" in [e["notification"]["kind"] for e in events if e["type"] == "notification"]
        assert event["complete"] and event["unread"]["messages"]["messages"] == 4
        await socket.send_json_to({"type": "resume", "since": "garbage"})
        assert (await socket.receive_json_from(timeout=20))["code"] == "invalid_since"
        await socket.disconnect()

    run(scenario)
    polled = client_for(b).get(f"/api/v1/events?since={seen['id']}").json()
    assert [e["type"] for e in polled["events"]].count("message") >= 3


def test_a_reconnect_loop_is_rate_limited(make_user, settings):
    settings.VERMILION_RATE_LIMITS = {**settings.VERMILION_RATE_LIMITS, "ws_connect": (3, 60)}
    user = make_user()

    async def scenario() -> None:
        for _ in range(3):
            socket = await connect(user)
            await socket.disconnect()
        looping = await connect(user, hello=False)
        error = await looping.receive_json_from(timeout=20)
        assert error["code"] == "rate_limited" and 0 < error["retry_after"] <= 61
        assert await closed_with(looping) == 4429

    run(scenario)


def test_notifications_are_pushed_with_unread_counts(make_user, post_note, client_for):
    author, fan = make_user("creator"), make_user("fan")
    note = post_note(author)
    fan_api = client_for(fan)

    async def scenario() -> None:
        socket = await connect(author)
        await db(fan_api.post, f"/api/v1/notes/{note['id']}/like")
        event = await next_of(socket, "notification")
        assert event["notification"]["kind"] == "like_note" and event["unread"]["notifications"]["total"] == 1
        await socket.disconnect()

    run(scenario)


def test_the_tail_pushes_notifications_made_by_another_process(make_user, post_note, settings):
    if not isinstance(get_channel_layer(), InMemoryChannelLayer):
        pytest.skip("the tail serves only the in-memory layer")
    from vermilion.notifications.models import Notification

    settings.VERMILION_REALTIME_TAIL_SECONDS = 0.05
    author, fan = make_user(), make_user()
    note = post_note(author)

    async def scenario() -> None:
        socket = await connect(author)
        # Made without the signal, as a task in the worker process would look from here.
        await db(Notification.objects.create, recipient=author, actor=fan, kind="collect", group="likes_collects",
                 note_id=int(note["id"]), dedupe_key="x")
        event = await next_of(socket, "notification")
        assert event["notification"]["kind"] == "collect"
        assert await socket.receive_nothing(timeout=0.2)  # once, not on every round
        await socket.disconnect()

    run(scenario)
