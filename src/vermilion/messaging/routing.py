"""The WebSocket endpoint, /ws: session cookies resolved by Channels' auth stack; origin checked by the consumer."""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.urls import path

from .consumers import RealtimeConsumer

websocket_urlpatterns = [path("ws", RealtimeConsumer.as_asgi())]


def websocket_application() -> Any:
    return AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
