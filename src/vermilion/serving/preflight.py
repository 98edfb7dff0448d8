"""Checks before `vermilion serve`, `worker`, `periodic` or `run` start: is every service they need
configured and reachable?

A wrong DATABASE_URL otherwise shows up as a traceback on the first request, or as a worker that
loops on connection errors. Each check connects with a short timeout and, when it fails, says in one
paragraph which variable is wrong and what happened, without a traceback (cli.py prints it and exits
with status 2).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from vermilion.kit import redisclient

TIMEOUT_SECONDS = 3


def redact(url: str) -> str:
    """A URL fit for a message: the password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def _check_one_database(alias: str, variable: str) -> str | None:
    from django.db import connections

    connection = connections[alias]
    if connection.vendor == "sqlite":
        path = Path(str(connection.settings_dict["NAME"]))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            return (f"the SQLite database at {path} ({variable}) cannot be opened: {_first_line(exc)}. "
                    "Check that the directory exists and that this user may write to it.")
        finally:
            connection.close()
        return None
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["connect_timeout"] = TIMEOUT_SECONDS
    try:
        psycopg.connect(**params).close()
    except Exception as exc:
        where = redact(os.environ.get(variable, "")) or f"{params.get('host')}:{params.get('port')}"
        return (f"{variable} ({where}) does not answer: {_first_line(exc)}. Check that PostgreSQL is running, "
                "that the host, port, user, password and database name are right, and that this machine may connect.")
    return None


def check_database() -> str | None:
    from django.conf import settings

    variable = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "VERMILION_DATA_DIR"
    found = _check_one_database("default", variable)
    if found is None and settings.VERMILION_READ_REPLICA and "replica" in settings.DATABASES:
        found = _check_one_database("replica", "DATABASE_REPLICA_URL")
    return found


def _check_redis(variable: str, url: str) -> str | None:
    cluster = redisclient.is_cluster(url)
    try:
        client = redisclient.sync_client(url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
        client.ping()
        # A node of a cluster answers PING as one server would, and then refuses every key of a slot
        # it does not own: say so now rather than as MOVED errors on the first pages.
        a_node = not cluster and client.info("cluster").get("cluster_enabled") == 1
        client.close()
    except ValueError as exc:
        return (f"{variable} ({redact(url)}) is not a Redis URL: {_first_line(exc)}. It looks like redis://host:6379/0, "
                "or redis+cluster://host:7000,host:7001 for a Redis Cluster.")
    except Exception as exc:
        if cluster and "cluster mode is not enabled" in str(exc).lower():
            return (f"{variable} ({redact(url)}) says redis+cluster:// but that Redis is a single server, not a "
                    "cluster: write it redis://host:6379/0.")
        return (f"{variable} ({redact(url)}) does not answer: {_first_line(exc)}. Check that Redis is running and "
                "that the URL (host, port, password, database number) is right.")
    if a_node:
        return (f"{variable} ({redact(url)}) is a node of a Redis Cluster: write it redis+cluster://host:port, "
                "naming one or more of its nodes, so that each key reaches the master of its slot.")
    return None


def check_redis() -> str | None:
    from django.conf import settings

    url = getattr(settings, "REDIS_URL", None) or os.environ.get("REDIS_URL")
    if not url:
        return None
    return _check_redis("REDIS_URL", url)


def check_media_storage() -> str | None:
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage, storages

    variable = "MEDIA_STORAGE_URL" if getattr(settings, "MEDIA_STORAGE_URL", "") else "VERMILION_DATA_DIR"
    try:
        storage: Any = storages["default"]
    except Exception as exc:  # e.g. s3:// without django-storages installed
        return (f"{variable} names a media storage that cannot be loaded: {_first_line(exc)}. For s3:// install "
                "the extra: pip install 'vermilion[s3]'.")
    if isinstance(storage, FileSystemStorage):
        folder = Path(storage.location)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".preflight-"):
                pass
        except OSError as exc:
            return (f"{variable}: media cannot be written to {folder}: {exc.strerror or _first_line(exc)}. Check that "
                    "the directory exists and that the user Vermilion runs as may write to it.")
        return None
    try:
        storage.exists(".vermilion-preflight")
    except Exception as exc:
        return (f"{variable} ({redact(getattr(settings, 'MEDIA_STORAGE_URL', ''))}): the media storage does not "
                f"answer: {_first_line(exc)}. Check the bucket name, endpoint and credentials.")
    return None


CHECKS = (check_database, check_redis, check_media_storage)


def problems() -> list[str]:
    found = []
    for check in CHECKS:
        message = check()
        if message:
            found.append(message)
    return found
