"""Builds the NinjaAPI and mounts every app's router. Imported once, by vermilion.urls."""

from __future__ import annotations

from ninja import NinjaAPI

from vermilion.accounts.api import auth_router, users_router
from vermilion.feed.api import router as feed_router
from vermilion.graph.api import router as graph_router
from vermilion.kit.http import errors
from vermilion.kit.http.inputs import JsonParser
from vermilion.media.api import router as media_router
from vermilion.messaging.api import router as messaging_router
from vermilion.moderation.api import router as moderation_router
from vermilion.notes.api import router as notes_router
from vermilion.notifications.api import router as notifications_router
from vermilion.search.api import router as search_router
from vermilion.translation.api import router as translation_router

api = NinjaAPI(
    parser=JsonParser(),
    title="Vermilion API",
    version="1",
    description="The public API of a Vermilion community. See docs/api.md.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/v1/auth", auth_router)
api.add_router("/v1", users_router)
api.add_router("/v1", notes_router)
api.add_router("/v1", graph_router)
api.add_router("/v1", media_router)
api.add_router("/v1", notifications_router)
api.add_router("/v1", messaging_router)
api.add_router("/v1", feed_router)
api.add_router("/v1", search_router)
api.add_router("/v1", moderation_router)
api.add_router("/v1", translation_router)
