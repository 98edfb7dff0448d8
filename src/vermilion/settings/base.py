"""Settings shared by every mode. Mode modules (embedded, production, test) import from here.

Everything an operator may change comes from environment variables, listed in docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vermilion.kit import redisclient
from vermilion.serving.logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("VERMILION_DATA_DIR", "var")).resolve()


def media_storage_from_url(url: str) -> dict[str, Any]:
    """A STORAGES entry from MEDIA_STORAGE_URL: file:///path or s3://bucket?option=value&…"""
    parts = urlsplit(url)
    options: dict[str, Any] = dict(parse_qsl(parts.query))
    if parts.scheme == "file":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": parts.path}}
    if parts.scheme == "s3":
        # Public-read objects behind stable URLs: the variants are what readers are meant to see.
        options = {"bucket_name": parts.netloc, "querystring_auth": False, "file_overwrite": False, **options}
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    raise ValueError(f"MEDIA_STORAGE_URL must start with file:// or s3://, not {parts.scheme!r}")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_number(name: str, default: str, kind: type[int] | type[float] = int) -> Any:
    """A numeric variable; a wrong one stops the start with a message naming it, not a traceback."""
    value = os.environ.get(name, default).strip()
    try:
        number = kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a{'n integer' if kind is int else ' number'} "
                                   f"(it is {value!r}; the default is {default}).") from None
    if number < 0:
        raise ImproperlyConfigured(f"{name} must not be negative (it is {value!r}).")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def redis_channel_layer(url: str, prefix: str) -> dict[str, Any]:
    """The realtime layer on the Redis at `url`: channels_redis's pub/sub layer on one server; on a
    Redis Cluster (redis+cluster://…) the same layer with each node the URL names as a host, whose
    shards move off a node that stops answering (serving/clusterlayer.py)."""
    try:
        nodes = redisclient.node_urls(url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"REDIS_URL is not a Redis URL ({exc}); it looks like redis://host:6379/0, "
                                   "or redis+cluster://host:7000,host:7001 for a Redis Cluster.") from exc
    if not redisclient.is_cluster(url):
        return {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": nodes, "prefix": prefix}}
    # A short connect timeout: a shard gives up on a node that is gone and moves to the next one.
    hosts = [{"address": node, "socket_connect_timeout": 2} for node in nodes]
    return {"BACKEND": "vermilion.serving.clusterlayer.ClusterPubSubChannelLayer", "CONFIG": {"hosts": hosts, "prefix": prefix}}


SECRET_KEY = os.environ.get("VERMILION_SECRET_KEY", "")
DEBUG = env_bool("VERMILION_DEBUG", False)
ALLOWED_HOSTS = env_list("VERMILION_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("VERMILION_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "vermilion.kit",
    "vermilion.accounts",
    "vermilion.media",
    "vermilion.graph",
    "vermilion.notes",
    "vermilion.notifications",
    "vermilion.messaging",
    "vermilion.feed",
    "vermilion.search",
    "vermilion.moderation",
    "vermilion.translation",
    "vermilion.serving",
    # After every other app of ours: its `ready` connects the event subscribers and hooks.
    "vermilion.wiring",
    "vermilion.web",
    "vermilion.demo",
]

MIDDLEWARE = [
    "vermilion.serving.hotcache.HotCacheMiddleware",
    "vermilion.serving.metrics.MetricsMiddleware",
    "vermilion.serving.logs.RequestLogMiddleware",
    "vermilion.serving.replica.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "vermilion.serving.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The site's error page for the bare refusals of the middleware below it (web/errors.py).
    "vermilion.web.errors.StyledErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vermilion.serving.middleware.ClientAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vermilion.accounts.middleware.BearerTokenMiddleware",
    "vermilion.serving.middleware.UserLocaleMiddleware",
    "vermilion.serving.middleware.InputRulesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vermilion.serving.middleware.AtomicWritesMiddleware",
]

# An optional read replica (production: DATABASE_REPLICA_URL) serves the reads of GET/HEAD requests.
DATABASE_ROUTERS = ["vermilion.serving.replica.ReplicaRouter"]
VERMILION_READ_REPLICA = False
VERMILION_REPLICA_PIN_SECONDS = env_number("VERMILION_REPLICA_PIN_SECONDS", "5")
# A replica further behind than this, or not answering, is not read from (serving/replicahealth.py);
# each process checks it every VERMILION_REPLICA_CHECK_SECONDS. Lag bound + check ≤ pin: a writer
# never reads a replica that lacks their write, even once the pin is over.
VERMILION_REPLICA_MAX_LAG_SECONDS = env_number("VERMILION_REPLICA_MAX_LAG_SECONDS", "3", float)
VERMILION_REPLICA_CHECK_SECONDS = env_number("VERMILION_REPLICA_CHECK_SECONDS", "1", float)

ROOT_URLCONF = "vermilion.urls"
ASGI_APPLICATION = "vermilion.asgi.application"
WSGI_APPLICATION = "vermilion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "vermilion.web.context.shell",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# argon2 first: new passwords are hashed with it; the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "vermilion.accounts.passwords.MaximumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "vermilion_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded originals (with their metadata) live here and are never served.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A JSON request body larger than this is refused with 413 before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
# Any body but an upload is cut off at this size while it streams in (serving/bodylimit.py): a bit
# above Django's own limit, which then answers with its field-level 413 for what is in between.
VERMILION_MAX_BODY_BYTES = env_number("VERMILION_MAX_BODY_KB", "320") * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "vermilion.web.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # "translation" is served by its own worker processes (see VERMILION_TRANSLATION below).
        "QUEUES": ["default", "translation"],
    }
}

# VERMILION_LOG_FORMAT=json|text (production defaults to json): serving/logs.py.
LOGGING = logging_config(os.environ.get("VERMILION_LOG_FORMAT", "text"), os.environ.get("VERMILION_LOG_LEVEL", "INFO"))

# --- Vermilion's own settings -------------------------------------------------------------

# IP region shown on profiles, notes and comments: "off", "country" or "province".
VERMILION_IP_REGION_POLICY = os.environ.get("VERMILION_IP_REGION_POLICY", "province")
# Proxies whose X-Forwarded-For we believe, as addresses or CIDR networks. Empty: trust none.
VERMILION_TRUSTED_PROXIES = env_list("VERMILION_TRUSTED_PROXIES")

# Discover's reader-independent candidates are read once per this many seconds per web process
# (feed/window.py); a new note waits at most this long to be recommended.
VERMILION_FEED_WINDOW_SECONDS = env_number("VERMILION_FEED_WINDOW_SECONDS", "60", float)
# Discover rankings kept per reader (feed/ranked.py, docs/feed.md): a first page starts from one younger
# than MAX_AGE; one older than REFRESH (anonymous: ANONYMOUS_REFRESH), or whose reader's likes and
# collects changed SIGNAL_SETTLE seconds ago, is rebuilt by a task while it goes on serving.
VERMILION_DISCOVER_MAX_AGE_SECONDS = env_number("VERMILION_DISCOVER_MAX_AGE_SECONDS", "1800", float)
VERMILION_DISCOVER_REFRESH_SECONDS = env_number("VERMILION_DISCOVER_REFRESH_SECONDS", "600", float)
VERMILION_DISCOVER_ANONYMOUS_REFRESH_SECONDS = env_number("VERMILION_DISCOVER_ANONYMOUS_REFRESH_SECONDS", "120", float)
VERMILION_DISCOVER_SIGNAL_SETTLE_SECONDS = env_number("VERMILION_DISCOVER_SIGNAL_SETTLE_SECONDS", "60", float)
# Web processes load the sentence encoder and the segmenter before serving (serving/runtime.py).
VERMILION_WARM_AT_START = True
# HTTP requests one web process works on at once; the rest wait their turn (serving/concurrency.py).
VERMILION_WEB_CONCURRENCY = env_number("VERMILION_WEB_CONCURRENCY", "8")
# Buffered note views are written by a thread beside the requests (notes/views_counter.py).
VERMILION_VIEWS_FLUSH_IN_BACKGROUND = True
# How long a writing request may queue for SQLite's single writer before it is answered 503.
VERMILION_WRITE_QUEUE_SECONDS = env_number("VERMILION_WRITE_QUEUE_SECONDS", "20", float)
# GET /metrics (Prometheus) answers a request carrying this bearer token; without one, only
# direct clients on this machine (not requests relayed by a proxy).
VERMILION_METRICS_TOKEN = os.environ.get("VERMILION_METRICS_TOKEN", "")
# A task still running after this long is taken to have lost its worker (killed, out of memory)
# and is queued again by `vermilion periodic`; longer than the slowest task (a long video's transcode).
VERMILION_TASK_STALE_SECONDS = env_number("VERMILION_TASK_STALE_SECONDS", "1800", float)
# Relevance search ranks a query's matches among this many newest notes, and among all notes only
# when these hold too few (search/queries.py); 0 ranks every match, whatever it costs.
VERMILION_SEARCH_RECENT_TIER = env_number("VERMILION_SEARCH_RECENT_TIER", "20000")
# Fixed-window rate limits: (requests, seconds) per client address.
VERMILION_RATE_LIMITS = {
    "signup": (env_number("VERMILION_SIGNUP_RATE", "10"), 3600),
    "login": (env_number("VERMILION_LOGIN_RATE", "20"), 300),
    "upload": (env_number("VERMILION_UPLOAD_RATE", "120"), 3600),
    # Per person: direct messages sent, and WebSocket (re)connections (a client stuck in a loop).
    "message": (env_number("VERMILION_MESSAGE_RATE", "60"), 60),
    "ws_connect": (env_number("VERMILION_WS_CONNECT_RATE", "30"), 60),
    # Reports filed by one person: a flood is refused, it never floods the moderation queue.
    "report": (env_number("VERMILION_REPORT_RATE", "20"), 3600),
    # Per person and hour, for an established account in good standing; moderation.throttle scales
    # them down for new, flagged or struck accounts and up for long-standing ones.
    "post": (env_number("VERMILION_POST_RATE", "20"), 3600),
    "comment": (env_number("VERMILION_COMMENT_RATE", "120"), 3600),
    "follow": (env_number("VERMILION_FOLLOW_RATE", "200"), 3600),
    # Sign-ups from one network (a /24 or /48) within an hour before the accounts are flagged.
    "signup_network": (env_number("VERMILION_SIGNUP_NETWORK_FLAG", "5"), 3600),
    # Per person: free-text translations asked for (POST /api/v1/translate).
    "translate": (env_number("VERMILION_TRANSLATE_RATE", "30"), 60),
}

# Media limits. Pixels guard against decompression bombs before a single row is decoded.
VERMILION_MEDIA = {
    "max_image_bytes": env_number("VERMILION_MAX_IMAGE_MB", "30") * 1024 * 1024,
    "max_image_pixels": env_number("VERMILION_MAX_IMAGE_MEGAPIXELS", "60") * 1_000_000,
    "max_video_bytes": env_number("VERMILION_MAX_VIDEO_MB", "500") * 1024 * 1024,
    "max_video_seconds": env_number("VERMILION_MAX_VIDEO_SECONDS", str(15 * 60)),
    # Unattached uploads older than this are deleted by the cleanup task.
    "unused_ttl_hours": env_number("VERMILION_UNUSED_MEDIA_HOURS", "24"),
}

VERMILION_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "style-src 'self'; script-src 'self'; connect-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Housekeeping tasks and how often `vermilion periodic` enqueues them (seconds).
VERMILION_PERIODIC_TASKS = [
    ("vermilion.media.tasks.cleanup_unused_media", 3600),
    ("vermilion.feed.tasks.train_co_engagement", 1800),
    ("vermilion.feed.tasks.train_ranker", 3600),
    ("vermilion.search.tasks.update_vector_index", 300),
    ("vermilion.search.tasks.refresh_suggestions", 1800),
    ("vermilion.feed.tasks.refresh_trending", 300),
    ("vermilion.feed.tasks.prune_rankings", 86400),
    ("vermilion.moderation.tasks.find_engagement_rings", 3600),
    ("vermilion.translation.tasks.pretranslate_trending", 300),
    ("vermilion.translation.tasks.forget_old_translations", 86400),
    ("vermilion.serving.tasks.prune_task_results", 86400),
]

# Note rules (RedNote's defaults). The title is measured in half-width units: a CJK character
# counts 2, so 40 allows 20 Chinese characters or 40 Latin letters (docs/adr/0003-title-width.md).
VERMILION_TITLE_MAX_WIDTH = env_number("VERMILION_TITLE_MAX_WIDTH", "40")
VERMILION_BODY_MAX_CHARS = env_number("VERMILION_BODY_MAX_CHARS", "1000")
VERMILION_MAX_IMAGES = env_number("VERMILION_MAX_IMAGES", "18")

# Realtime delivery (WebSocket: messages, typing, notifications) through a Channels layer. The
# in-memory layer serves one web process; production uses channels-redis when REDIS_URL is set.
CHANNEL_LAYERS: dict[str, Any] = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# With the in-memory layer, notifications made by the task worker (another process) reach open tabs
# through a tail of the notifications table run by the web process, this often (0 turns it off).
VERMILION_REALTIME_TAIL_SECONDS = 0.0
# Direct messages: longest text, and how many messages a stranger may send before being accepted.
VERMILION_MESSAGE_MAX_CHARS = env_number("VERMILION_MESSAGE_MAX_CHARS", "2000")
VERMILION_MESSAGE_REQUEST_LIMIT = env_number("VERMILION_MESSAGE_REQUEST_LIMIT", "3")

# Redis for fanned-out Following timelines; None keeps Following query-based (the embedded default).
VERMILION_TIMELINE_REDIS_URL: str | None = None
VERMILION_TIMELINE_PREFIX = "vermilion:"

# Hot reads replayed per reader for seconds without Django (serving/hotcache.py). Their change
# generations must be shared by every process, so production turns it on with Redis.
VERMILION_HOT_CACHE = False
VERMILION_HOT_CACHE_REDIS_URL: str | None = None
VERMILION_HOT_CACHE_BYTES = env_number("VERMILION_HOT_CACHE_MB", "64") * 1024 * 1024
# PostgreSQL connections per web process for a shared note page's visibility check (serving/asyncdb.py).
VERMILION_HOT_CHECK_CONNECTIONS = env_number("VERMILION_HOT_CHECK_CONNECTIONS", "4")
# Its query is prepared by the server after a few runs; off behind a pooler that cannot keep them.
VERMILION_HOT_CHECK_PREPARE = env_bool("VERMILION_HOT_CHECK_PREPARE", True)

# Translation (docs/translation.md). ENGINE: "local" (llama.cpp + a GGUF model assembled into
# MODELS_DIR by `make setup`), "libretranslate", "deepl", "fake" (tests) or "off".
VERMILION_TRANSLATION: dict[str, Any] = {
    "ENGINE": os.environ.get("VERMILION_TRANSLATION_ENGINE", "local"),
    "MODEL": os.environ.get("VERMILION_TRANSLATION_MODEL", "qwen2.5-coder-1.5b-instruct-q4_k_m"),
    "MODEL_PATH": os.environ.get("VERMILION_TRANSLATION_MODEL_PATH", ""),  # any other GGUF file
    "MODELS_DIR": os.environ.get("VERMILION_MODELS_DIR", str(DATA_DIR / "models")),
    "THREADS": env_number("VERMILION_TRANSLATION_THREADS", "2"),
    # Niceness the process running the local model lowers itself to, so web processes keep the CPU.
    "NICE": env_number("VERMILION_TRANSLATION_NICE", "10"),
    # Translation worker processes started by `vermilion run` (each holds the model, ~1.3 GB).
    "WORKERS": env_number("VERMILION_TRANSLATION_WORKERS", "1"),
    "QUEUE_LIMIT": env_number("VERMILION_TRANSLATION_QUEUE_LIMIT", "200"),
    "TIMEOUT_SECONDS": env_number("VERMILION_TRANSLATION_TIMEOUT", "120", float),
    "RETRY_SECONDS": env_number("VERMILION_TRANSLATION_RETRY", "300", float),
    "MAX_CHARS": env_number("VERMILION_TRANSLATION_MAX_CHARS", "5000"),
    "PRETRANSLATE_TRENDING": env_number("VERMILION_TRANSLATION_PRETRANSLATE", "20"),
    "LIBRETRANSLATE_URL": os.environ.get("VERMILION_LIBRETRANSLATE_URL", ""),
    "LIBRETRANSLATE_API_KEY": os.environ.get("VERMILION_LIBRETRANSLATE_API_KEY", ""),
    "DEEPL_API_KEY": os.environ.get("VERMILION_DEEPL_API_KEY", ""),
    "DEEPL_URL": os.environ.get("VERMILION_DEEPL_URL", ""),
}
