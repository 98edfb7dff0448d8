"""The installable app: the web app manifest, the service worker (served from the site's root so
its scope is the whole site), the page it shows offline, and the favicon browsers ask for at /."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME = "#ff2442"
BACKGROUND = "#fafafa"
# What the app needs to open without a network: the styles, the scripts and the icons. Photos and
# pages are not kept; a page that cannot be fetched shows the offline page instead.
SHELL_SUFFIXES = (".css", ".js", ".svg", ".png")


def _static_dir() -> Path:
    found = finders.find("web/app.css")
    if not found:  # pragma: no cover - the app's own static files are always there
        raise RuntimeError("web/app.css is missing from the static files")
    return Path(str(found)).parent


@lru_cache(maxsize=1)
def shell_files() -> tuple[tuple[str, ...], str]:
    """The shell's static URLs and a version that changes whenever one of the files does, so a new
    release installs a new worker and drops the old caches."""
    root = _static_dir()
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SHELL_SUFFIXES)
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    urls = tuple(static(f"web/{p.relative_to(root).as_posix()}") for p in paths)
    return urls, digest.hexdigest()[:16]


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    language = get_language() or "en"
    icons = [
        {"src": static("web/icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static("web/icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": static("web/icons/maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        {"src": static("web/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
    ]
    data = {
        "id": "/",
        "name": _("Vermilion"),
        "short_name": _("Vermilion"),
        "description": _("Notes from people like you, in English and 中文"),
        "lang": "zh-Hans" if language.startswith("zh") else "en",
        "dir": "ltr",
        "start_url": reverse("web:home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "categories": ["social", "lifestyle"],
        "icons": icons,
        "shortcuts": [
            {"name": _("Post"), "url": reverse("web:compose")},
            {"name": _("Messages"), "url": reverse("web:messages")},
            {"name": _("Search"), "url": reverse("web:search")},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    urls, version = shell_files()
    offline = reverse("web:offline")
    body = render_to_string("web/sw.js", {"version": version, "shell": json.dumps([*urls, offline]),
                                          "offline": json.dumps(offline)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on every visit when the script is not cached.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
@cache_control(public=True, max_age=86400)
def offline(request: HttpRequest) -> HttpResponse:
    """The page the worker keeps for when the network is gone: the same for everyone (no reader,
    no token), in both languages, since it is shown whatever the reader's language was."""
    return HttpResponse(render_to_string("web/offline.html"))


@require_safe
@cache_control(public=True, max_age=604800)
def favicon(request: HttpRequest) -> FileResponse:
    found = finders.find("web/icons/favicon.ico")
    return FileResponse(open(str(found), "rb"), content_type="image/x-icon")  # FileResponse closes it
