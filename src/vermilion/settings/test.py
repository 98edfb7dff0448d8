"""Tests: SQLite and in-process cache by default; PostgreSQL and Redis when asked for.

`VERMILION_TEST_DATABASE_URL` and `VERMILION_TEST_REDIS_URL` switch to the real services; the test
script sets them when CI=true (and fails if the services are missing).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

from vermilion.kit import redisclient

from .base import *  # noqa: F403
from .base import redis_channel_layer

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
DATA_DIR = Path(tempfile.mkdtemp(prefix="vermilion-test-"))
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "private", "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

_db_url = os.environ.get("VERMILION_TEST_DATABASE_URL")
if _db_url:
    DATABASES = {"default": dj_database_url.parse(_db_url)}
    DATABASES["default"]["TEST"] = {"NAME": f"vermilion_test_{os.getpid()}"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "test.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
        }
    }

# A read replica that is the test database itself (a Django test mirror): the router and middleware
# are exercised by tests/serving/test_replica.py, which turns VERMILION_READ_REPLICA on; everywhere else
# reads stay on "default", whose test transactions a second connection could not see.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
VERMILION_READ_REPLICA = False

_redis_url = os.environ.get("VERMILION_TEST_REDIS_URL")
if _redis_url and not redisclient.is_cluster(_redis_url):
    # Each pytest-xdist worker gets a Redis database of its own: tests clear the cache (FLUSHDB),
    # and one worker must never wipe another's rate-limit counters or timelines mid-test.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _redis_url = f"{_redis_url.rsplit('/', 1)[0]}/{1 + int(_worker or 0) % 15}"
# A Redis Cluster (redis+cluster://…, scripts/test.sh runs the Redis tests on one) has database 0
# only: there the workers' keys are kept apart by the per-process prefixes below alone, and a cache
# clear forgets only the keys under its own prefix, which the timeline prefix extends
# (serving/rediscache.py).
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "vermilion.serving.rediscache.SharedClientRedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": f"vermilion-test-{os.getpid()}",
        }
    }
    VERMILION_TIMELINE_REDIS_URL = _redis_url
    VERMILION_TIMELINE_PREFIX = f"vermilion-test-{os.getpid()}:"
    VERMILION_HOT_CACHE_REDIS_URL = _redis_url
    CHANNEL_LAYERS = {"default": redis_channel_layer(_redis_url, f"vermilion-test-{os.getpid()}:rt")}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tasks run inline in tests; kit.tasks still enqueues them only after the transaction commits.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "translation"]}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
VERMILION_RATE_LIMITS = {"signup": (1000, 3600), "login": (1000, 300), "upload": (10000, 3600),
                         "message": (10000, 60), "ws_connect": (1000, 60),
                         "report": (20, 3600), "post": (10000, 3600), "comment": (10000, 3600),
                         "follow": (10000, 3600), "signup_network": (1000, 3600), "translate": (10000, 60)}
VERMILION_SERVE_MEDIA = True
# SQLite has no TRUNCATE: the test runner empties the append-only audit table with DELETE between
# tests (tests/moderation/test_audit.py switches this off to prove the trigger refuses it).
VERMILION_AUDIT_DELETE_ALLOWED = True
VERMILION_FEED_WINDOW_SECONDS = 0  # tests see each note the moment it is published (tests/feed checks the window)
# Likewise every Discover page is ranked in the request (tests/feed/test_kept_rankings.py keeps rankings).
VERMILION_DISCOVER_MAX_AGE_SECONDS = 0
# The fake engine answers at once; tests of the real model (marked llm) switch to "local" and use
# the model `make setup` assembled in the repository's data dir.
VERMILION_TRANSLATION = {**VERMILION_TRANSLATION, "ENGINE": "fake"}  # noqa: F405

# Buffered views are written inline, so a test sees them right after flush_views() or FLUSH_AT.
VERMILION_VIEWS_FLUSH_IN_BACKGROUND = False
# Tests that import the ASGI application need not pay for loading the encoder up front.
VERMILION_WARM_AT_START = False
# The ASGI tests drive the hot-read cache (tests/serving/test_hotcache.py); one test process, so
# without Redis its generations may live in the process.
VERMILION_HOT_CACHE = True
