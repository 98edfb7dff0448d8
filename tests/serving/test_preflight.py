"""Misconfigured or unreachable services at start: one clear paragraph naming the variable, exit
status 2, no traceback."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from vermilion.serving.preflight import problems, redact


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(command: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "vermilion.settings.production", "VERMILION_SECRET_KEY": "test-only",
            "VERMILION_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "VERMILION_PORT": str(unused_port())}
    for name in ("REDIS_URL", "MEDIA_STORAGE_URL"):
        base.pop(name, None)
    base.update(env)
    for name, value in env.items():
        if value == "":
            base.pop(name)
    return subprocess.run([sys.executable, "-m", "vermilion.cli", command], env=base, capture_output=True, text=True,
                          timeout=90)


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Vermilion cannot start: ")
    return result.stderr


@pytest.mark.parametrize("command", ["serve", "worker"])
def test_unreachable_database(tmp_path, command):
    port = unused_port()
    err = refused(start(command, tmp_path, DATABASE_URL=f"postgres://app:s3cret@127.0.0.1:{port}/vermilion"))
    assert f"DATABASE_URL (postgres://app:***@127.0.0.1:{port}/vermilion) does not answer" in err
    assert "s3cret" not in err


def test_unreachable_redis(tmp_path):
    port = unused_port()
    err = refused(start("serve", tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0"))
    assert f"REDIS_URL (redis://127.0.0.1:{port}/0) does not answer" in err and "Check that Redis is running" in err
    assert "DATABASE" not in err and "SQLite" not in err and "Also:" not in err


def test_every_problem_is_named_at_once(tmp_path):
    port = unused_port()
    err = refused(start("periodic", tmp_path, DATABASE_URL=f"postgres://u@127.0.0.1:{port}/x",
                        REDIS_URL=f"redis://127.0.0.1:{port}/0"))
    assert "DATABASE_URL" in err and "REDIS_URL" in err


@pytest.mark.parametrize(("env", "expected"), [
    ({"DATABASE_URL": "mysqlx://nope"}, "the settings are wrong: DATABASE_URL is not a database URL"),
    ({"DATABASE_URL": ""}, "the settings are wrong: DATABASE_URL must be set in production."),
    ({"VERMILION_SECRET_KEY": ""}, "VERMILION_SECRET_KEY must be set in production."),
    ({"MEDIA_STORAGE_URL": "ftp://files"}, "MEDIA_STORAGE_URL must start with file:// or s3://, not 'ftp'"),
    ({"VERMILION_LOG_FORMAT": "xml"}, "VERMILION_LOG_FORMAT must be json or text, not 'xml'"),
    ({"VERMILION_MAX_IMAGES": "four"}, "VERMILION_MAX_IMAGES must be an integer (it is 'four'; the default is 18)."),
    ({"VERMILION_FEED_WINDOW_SECONDS": "1m"}, "VERMILION_FEED_WINDOW_SECONDS must be a number (it is '1m'"),
    ({"VERMILION_DB_POOL_SIZE": "-3"}, "VERMILION_DB_POOL_SIZE must not be negative (it is '-3')."),
])
def test_settings_errors_are_one_paragraph(tmp_path, env, expected):
    assert expected in refused(start("serve", tmp_path, **env))


def test_unwritable_media_directory(tmp_path):
    err = refused(start("serve", tmp_path, MEDIA_STORAGE_URL="file:///proc/vermilion-media"))
    assert "MEDIA_STORAGE_URL: media cannot be written to /proc/vermilion-media" in err


@pytest.mark.skipif(importlib.util.find_spec("storages") is not None, reason="django-storages is installed here")
def test_s3_without_the_extra(tmp_path):
    err = refused(start("serve", tmp_path, MEDIA_STORAGE_URL="s3://photos"))
    assert "pip install 'vermilion[s3]'" in err


def test_management_commands_are_not_checked(tmp_path):
    """Only long-running processes are checked: `vermilion check` or `migrate --help` still run."""
    result = start("help", tmp_path, REDIS_URL=f"redis://127.0.0.1:{unused_port()}/0")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_a_good_configuration_has_no_problems():
    assert problems() == []


def test_redact():
    assert redact("redis://:pw@host:6379/0") == "redis://:***@host:6379/0"
    assert redact("postgres://u@h/x") == "postgres://u@h/x"
