"""A WebSocket test client speaking ASGI directly to the application.

Channels ships one (channels.testing.WebsocketCommunicator), but importing channels.testing needs
daphne and Twisted for its live-server case, which nothing else here uses.
"""

from __future__ import annotations

import json
from typing import Any

from asgiref.testing import ApplicationCommunicator


class WebSocketClient(ApplicationCommunicator):  # type: ignore[misc]
    def __init__(self, application: Any, path: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
        raw_path, _sep, query = path.partition("?")
        super().__init__(application, {
            "type": "websocket", "path": raw_path, "raw_path": raw_path.encode(), "query_string": query.encode(),
            "headers": headers or [], "subprotocols": [], "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        })

    async def connect(self, timeout: float = 20) -> tuple[bool, int | None]:
        """(accepted, close code when refused)."""
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(timeout)
        if answer["type"] == "websocket.close":
            return False, answer.get("code", 1000)
        return True, None

    async def send_json_to(self, data: Any) -> None:
        await self.send_input({"type": "websocket.receive", "text": json.dumps(data)})

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def receive_json_from(self, timeout: float = 20) -> Any:
        answer = await self.receive_output(timeout)
        assert answer["type"] == "websocket.send", answer
        return json.loads(answer["text"])

    async def disconnect(self, code: int = 1000, timeout: float = 20) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)
