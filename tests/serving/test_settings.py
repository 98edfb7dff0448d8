from __future__ import annotations

import pytest

from vermilion.settings.base import media_storage_from_url


def test_media_storage_urls():
    assert media_storage_from_url("file:///srv/media") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/srv/media"}}
    s3 = media_storage_from_url("s3://photos?region_name=eu-west-1&custom_domain=cdn.example.org")
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"] == {"bucket_name": "photos", "querystring_auth": False, "file_overwrite": False,
                             "region_name": "eu-west-1", "custom_domain": "cdn.example.org"}
    with pytest.raises(ValueError, match="file:// or s3://"):
        media_storage_from_url("ftp://nope")


def test_production_settings_refuse_to_start_without_secrets(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("VERMILION_SECRET_KEY", raising=False)
    sys.modules.pop("vermilion.settings.production", None)
    with pytest.raises(ImproperlyConfigured, match="VERMILION_SECRET_KEY"):
        importlib.import_module("vermilion.settings.production")


def test_production_pools_database_connections(tmp_path):
    """Under ASGI every request runs in a thread of its own; only a pool lets the next request reuse
    the connection the last one closed (CONN_MAX_AGE cannot)."""
    import os
    import subprocess
    import sys

    import psycopg

    url = "postgres://postgres@127.0.0.1:5432/postgres"
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required in CI")
        pytest.skip("PostgreSQL is not running here")
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.db import connection\n"
        "assert settings.DATABASES['default']['OPTIONS']['pool']['max_size'] == 3\n"
        "from vermilion.serving.dbpool import check_connection\n"
        "def pid():\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.execute('SELECT pg_backend_pid()'); found = cursor.fetchone()[0]\n"
        "    connection.close()\n"
        "    return found\n"
        "pids = {pid() for _ in range(10)}\n"
        "assert connection.pool._check is check_connection\n"
        # PostgreSQL ends every pooled connection (as a restart does): the next request gets a new
        # one instead of an error, and the check made no query of its own.
        "import os, psycopg, time\n"
        "with psycopg.connect(os.environ['DATABASE_URL'], autocommit=True) as admin:\n"
        "    for victim in pids: admin.execute('SELECT pg_terminate_backend(%s)', [victim])\n"
        "time.sleep(0.5)\n"
        "assert pid() not in pids\n"
        "print(len(pids))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vermilion.settings.production", "DATABASE_URL": url,
           "VERMILION_SECRET_KEY": "test-only", "VERMILION_DATA_DIR": str(tmp_path), "VERMILION_DB_POOL_SIZE": "3"}
    env.pop("REDIS_URL", None)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    # Ten requests, at most two connections: the pool's first (opened in the background) and the one
    # the first request opened while that was on its way. Without a pool: ten.
    assert int(out.stdout.strip()) <= 2
