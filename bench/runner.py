"""Run a benchmark's child process once per database: the embedded default, and PostgreSQL in a
throw-away database when it answers on 127.0.0.1 (`BENCH_BACKENDS=embedded,postgresql` picks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

PG = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(PG, connect_timeout=3).close()
        return True
    except Exception:
        return False


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).ping())
    except Exception:
        return False


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(sql)


def each_backend(module: str, smoke: bool, extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    """`python -m <module> --child smoke|full` per backend; each prints its result as a JSON line."""
    results: dict[str, Any] = {}
    backends = ["embedded"] + (["postgresql"] if postgres_available() else [])
    only = os.environ.get("BENCH_BACKENDS")
    for backend in [b for b in backends if not only or b in only.split(",")]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        env.pop("VERMILION_DATA_DIR", None)
        database = f"vermilion_{module.rsplit('.', 1)[-1]}_{os.getpid()}"
        if backend == "postgresql":
            _admin(f'CREATE DATABASE "{database}"')
            env.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}", VERMILION_HTTPS="false",
                       **(extra_env or {}))
        try:
            out = subprocess.run([sys.executable, "-m", module, "--child", "smoke" if smoke else "full"],
                                 env=env, capture_output=True, text=True, timeout=3600)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-2000:])
            results[backend] = json.loads(out.stdout.strip().splitlines()[-1])
        finally:
            if backend == "postgresql":
                _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return results
