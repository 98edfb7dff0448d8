"""The `vermilion` command: serve, worker, migrate, demo, and any Django management command.

`vermilion run` is what `make run` uses: migrate, load the demo once, start one task worker and the
periodic scheduler in the background and serve the site, all in one terminal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence

DEFAULT_SETTINGS = "vermilion.settings.embedded"


# Long-running commands check their services first (serving/preflight.py).
CHECKED = {"serve", "worker", "run", "periodic"}


def _refuse(message: str) -> int:
    """A one-paragraph reason on stderr instead of a traceback; exit status 2."""
    print(f"Vermilion cannot start: {message}", file=sys.stderr, flush=True)
    return 2


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def _manage(args: Sequence[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vermilion", *args])


def serve(args: Sequence[str]) -> int:
    import uvicorn

    host = os.environ.get("VERMILION_HOST", "127.0.0.1")
    port = int(os.environ.get("VERMILION_PORT", "8000"))
    workers = int(os.environ.get("VERMILION_WEB_PROCESSES", "1"))
    _manage(["collectstatic", "--noinput", "-v", "0"])
    if workers > 1:
        _share_metrics()
    print(f"Vermilion is serving at http://{host}:{port}", flush=True)
    uvicorn.run(
        "vermilion.asgi:application",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,  # X-Forwarded-For is judged by kit.geo against VERMILION_TRUSTED_PROXIES
        log_level=os.environ.get("VERMILION_LOG_LEVEL", "info").lower(),
        log_config=None,  # Django's LOGGING (serving/logs.py) formats uvicorn's lines too
        access_log=False,  # kit.logs.RequestLogMiddleware logs each request, with more in it
        lifespan="off",
    )
    return 0


def _share_metrics() -> None:
    """Each web process writes its Prometheus counts to files in one directory, so a scrape of any
    of them reports all (kit/metrics.py). Last run's files are stale: start empty."""
    import shutil

    from django.conf import settings

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or str(settings.DATA_DIR / "metrics")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder


def worker(args: Sequence[str]) -> int:
    _manage(["db_worker", *args])
    return 0


def run(args: Sequence[str]) -> int:
    """Everything the embedded default needs, in one terminal."""
    _manage(["migrate", "--noinput", "-v", "0"])
    _manage(["compilemessages_if_needed"])
    _manage(["demo"])
    from django.conf import settings

    env = dict(os.environ)
    commands = [["worker"], ["periodic"]]
    # Translation has worker processes of its own (each holds the model): their number is the
    # translation concurrency, and a slow translation never delays notifications.
    if settings.VERMILION_TRANSLATION.get("ENGINE") != "off":
        commands += [["worker", "--queue-name", "translation"]] * int(settings.VERMILION_TRANSLATION.get("WORKERS", 1))
    helpers = [subprocess.Popen([sys.executable, "-m", "vermilion.cli", *command], env=env) for command in commands]
    try:
        return serve(args)
    finally:
        for process in helpers:
            process.send_signal(signal.SIGTERM)
        for process in helpers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


COMMANDS = {"serve": serve, "worker": worker, "run": run}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from django.core.exceptions import ImproperlyConfigured

    try:
        _setup()
    except ImproperlyConfigured as exc:
        return _refuse(f"the settings are wrong: {exc}")
    if argv and argv[0] in CHECKED:
        from vermilion.serving.preflight import problems

        found = problems()
        if found:
            return _refuse(" Also: ".join(found))
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    # Everything else is a Django management command: migrate, demo, createsuperuser, …
    _manage(argv or ["help"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
