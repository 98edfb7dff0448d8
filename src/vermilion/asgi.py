import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vermilion.settings.embedded")

# Django first: the WebSocket side imports models, which needs the apps loaded.
django_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.conf import settings  # noqa: E402

# The URLconf now, not on the first request: its API modules declare the hot routes (serving/hotcache.py).
import vermilion.urls  # noqa: E402, F401
from vermilion.messaging.routing import websocket_application  # noqa: E402
from vermilion.serving.bodylimit import BodyLimit  # noqa: E402
from vermilion.serving.concurrency import BoundedHttp  # noqa: E402
from vermilion.serving.hotcache import HotCache  # noqa: E402

application = ProtocolTypeRouter({
    # Replayed hot reads need no database connection, so they do not wait for one of the bounded places.
    # Bodies are limited as they stream in (serving/bodylimit.py), before Django writes them anywhere.
    "http": BodyLimit(HotCache(BoundedHttp(django_application, settings.VERMILION_WEB_CONCURRENCY,
                                           unbounded_prefixes=(settings.STATIC_URL, settings.MEDIA_URL)))),
    "websocket": websocket_application(),
})

from vermilion.serving.runtime import settle, warm  # noqa: E402

warm()
settle()
