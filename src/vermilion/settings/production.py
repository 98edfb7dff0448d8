"""Production: PostgreSQL, Redis and (optionally) object storage, all from environment variables."""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_number, logging_config, media_storage_from_url, redis_channel_layer

if not SECRET_KEY:
    raise ImproperlyConfigured("VERMILION_SECRET_KEY must be set in production.")

LOGGING = logging_config(os.environ.get("VERMILION_LOG_FORMAT", "json"), os.environ.get("VERMILION_LOG_LEVEL", "INFO"))

DATABASE_URL = os.environ.get("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL ({exc}); it looks like "
                               "postgres://user:password@host:5432/name.") from exc
# Under ASGI each request does its database work in a thread of its own, so persistent connections
# (CONN_MAX_AGE) are never reused: every request would open one. psycopg's pool (Django 5.1+) keeps
# them per process instead; size it to the requests one process serves at once.
POOL: dict[str, Any] = {
    "min_size": 1,
    "max_size": env_number("VERMILION_DB_POOL_SIZE", "10"),
    "timeout": 10,  # waiting longer for a free connection than this is an outage, not a slow page
}
# Every admitted request has a connection ready, and two are left for the process's background
# threads (view counts, discover's window): serving/concurrency.py.
VERMILION_WEB_CONCURRENCY = env_number("VERMILION_WEB_CONCURRENCY", str(max(1, POOL["max_size"] - 2)))
# Before lending a connection out the pool checks it, without a round trip (serving/dbpool.py, set on
# the pool when it is built), so after PostgreSQL restarts the dead connections are replaced
# instead of failing one request each.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = POOL

# An optional streaming replica of the same database: GET/HEAD requests read from it (serving/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL ({exc}).") from exc
    if DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        # A request waits at most two seconds for a replica connection (a replica just gone, or all
        # its connections busy), then reads from the primary (serving/replica.py) instead of waiting ten.
        DATABASES["replica"].setdefault("OPTIONS", {})["pool"] = {**POOL, "timeout": 2}
    VERMILION_READ_REPLICA = True

# One Redis server (redis://host:6379/0) or a Redis Cluster (redis+cluster://host:7000,host:7001,…,
# naming one or more of its nodes): every use below takes either (kit/redisclient.py).
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "vermilion.serving.rediscache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vermilion",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Realtime delivery crosses processes through Redis; without it, one web process and the tail.
if REDIS_URL:
    CHANNEL_LAYERS = {"default": redis_channel_layer(REDIS_URL, "vermilion:rt")}
else:
    VERMILION_REALTIME_TAIL_SECONDS = 0.5
# Following timelines are fanned out on write into Redis when there is one (docs/feed.md).
VERMILION_TIMELINE_REDIS_URL = REDIS_URL or None
VERMILION_HOT_CACHE = bool(REDIS_URL) and env_bool("VERMILION_HOT_CACHE", True)
VERMILION_HOT_CACHE_REDIS_URL = REDIS_URL or None

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("VERMILION_BEHIND_TLS_PROXY") else None
HTTPS = env_bool("VERMILION_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
VERMILION_SERVE_MEDIA = env_bool("VERMILION_SERVE_MEDIA", False)

# Where public media variants live. file:///srv/vermilion/media (default: $VERMILION_DATA_DIR/media)
# or s3://bucket?region_name=…&endpoint_url=…&custom_domain=… (S3, MinIO, R2…; needs the `s3` extra:
# pip install 'vermilion[s3]'). Private originals always stay on local disk under the data dir,
# where ffmpeg can read them.
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "")
MEDIA_URL = os.environ.get("VERMILION_MEDIA_URL", MEDIA_URL)  # noqa: F405 - e.g. a CDN in front of the bucket
if MEDIA_STORAGE_URL:
    try:
        STORAGES = {**STORAGES, "default": media_storage_from_url(MEDIA_STORAGE_URL)}  # noqa: F405
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from exc
