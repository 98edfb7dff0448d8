"""The embedded default: one machine, no services. SQLite (WAL) and files in the data dir."""

from __future__ import annotations

from ._secrets import persistent_secret_key
from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY, env_bool

DEBUG = env_bool("VERMILION_DEBUG", False)
SECRET_KEY = SECRET_KEY or persistent_secret_key(DATA_DIR)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "vermilion.sqlite3",
        "OPTIONS": {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
            # BEGIN so two writers queue on busy_timeout instead of failing with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=15000;",
            "transaction_mode": "IMMEDIATE",
        },
    }
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "vermilion"},
}
VERMILION_SERVE_MEDIA = True
# The task worker is another process: its notifications reach open tabs through the web process's tail.
VERMILION_REALTIME_TAIL_SECONDS = 0.5
