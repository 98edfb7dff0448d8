"""The production site for real: deploy/nginx/vermilion.conf rendered into a temporary prefix,
Debian's nginx started as this user on 127.0.0.1, `vermilion serve` (production settings) behind
it; a page, a static file nginx serves with its cache header, media, API calls, the client address
rules and a WebSocket upgrade all go through nginx."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "vermilion.conf"
VARIABLES = ("VERMILION_SERVER_NAME", "VERMILION_LISTEN", "VERMILION_DATA_DIR", "VERMILION_UPSTREAM")
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)

if NGINX is None:
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is required in CI (scripts/system-packages.sh installs Debian's nginx)", pytrace=False)
    pytestmark = pytest.mark.skip(reason="the nginx binary is not installed here (bash scripts/system-packages.sh)")


def render(values: dict[str, str]) -> str:
    """What `envsubst '$VERMILION_…'` does (docs/operations.md): only our four variables."""
    text = SITE.read_text()
    for name in VARIABLES:
        text = text.replace("${" + name + "}", values[name])
    return text


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[Any], log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - 127.0.0.1 only
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@dataclass
class Site:
    url: str
    app_url: str
    data: Path
    app_log: Path


def _request(url: str, data: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Any:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={  # noqa: S310 - 127.0.0.1 only
        **({"Content-Type": "application/json"} if body else {}), **(headers or {})})
    return urllib.request.urlopen(request, timeout=30)  # noqa: S310


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from PIL import Image

    tmp = tmp_path_factory.mktemp("deploy")
    data, prefix = tmp / "data", tmp / "nginx"
    for folder in (data / "media" / "m", prefix / "logs"):
        folder.mkdir(parents=True)
    Image.new("RGB", (32, 32), (255, 0, 0)).save(data / "media" / "m" / "probe.webp", "WEBP")
    app_port, nginx_port = unused_port(), unused_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vermilion.settings.production", "VERMILION_SECRET_KEY": "deploy-test",
           "DATABASE_URL": f"sqlite:///{data}/db.sqlite3", "VERMILION_DATA_DIR": str(data), "VERMILION_HTTPS": "false",
           "VERMILION_TRUSTED_PROXIES": "127.0.0.1", "VERMILION_HOST": "127.0.0.1", "VERMILION_PORT": str(app_port),
           "VERMILION_ALLOWED_HOSTS": "127.0.0.1,localhost", "VERMILION_LOG_FORMAT": "json"}
    for name in ("REDIS_URL", "MEDIA_STORAGE_URL", "DATABASE_REPLICA_URL"):
        env.pop(name, None)
    vermilion = [sys.executable, "-m", "vermilion.cli"]
    subprocess.run([*vermilion, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)
    app_log = tmp / "app.log"
    with app_log.open("w") as out:
        app = subprocess.Popen([*vermilion, "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)
    nginx: subprocess.Popen[Any] | None = None
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz", app, app_log)
        (prefix / "site.conf").write_text(render({
            "VERMILION_SERVER_NAME": "localhost", "VERMILION_LISTEN": f"127.0.0.1:{nginx_port}",
            "VERMILION_DATA_DIR": str(data), "VERMILION_UPSTREAM": f"127.0.0.1:{app_port}"}))
        user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers must still read tmp files
        kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        temp = "\n".join(f"    {kind}_temp_path {prefix}/{kind};" for kind in kinds)
        (prefix / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log;\n"
            f"events {{ worker_connections 64; }}\n"
            f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    access_log {prefix}/logs/access.log;\n{temp}\n    include {prefix}/site.conf;\n}}\n")
        command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
        nginx_log = prefix / "logs" / "error.log"
        nginx = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(f"http://127.0.0.1:{nginx_port}/healthz", nginx, nginx_log)
        yield Site(f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{app_port}", data, app_log)
    finally:
        for process in (nginx, app):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def test_the_template_renders_like_envsubst():
    if shutil.which("envsubst") is None:
        unavailable("envsubst (gettext-base) is not installed")
    values = {"VERMILION_SERVER_NAME": "example.org", "VERMILION_LISTEN": "80", "VERMILION_DATA_DIR": "/var/lib/vermilion",
              "VERMILION_UPSTREAM": "127.0.0.1:8000"}
    out = subprocess.run(["envsubst", " ".join(f"${n}" for n in VARIABLES)], input=SITE.read_text(), text=True,
                         capture_output=True, env={**os.environ, **values}, check=True)
    assert out.stdout == render(values)
    assert "$http_upgrade" in out.stdout and "${" not in out.stdout


def test_a_page_through_nginx(site):
    with _request(site.url + "/") as response:
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/html")
        assert response.headers["Server"].startswith("nginx")
        request_id = response.headers["X-Request-ID"]
        assert len(request_id) == 32  # nginx's $request_id, passed on and echoed by the app
    # The app logged it as one JSON line carrying the same id.
    lines = [json.loads(line) for line in site.app_log.read_text().splitlines() if line.startswith("{")]
    assert any(line.get("request_id") == request_id and line.get("route") == "/" and line.get("status") == 200
               for line in lines)
    assert not any(line["logger"] == "uvicorn.access" for line in lines)  # one line per request, ours


def test_static_files_come_from_nginx_with_cache_headers(site):
    before = site.app_log.read_text().count("/static/")
    with _request(site.url + "/static/web/app.css", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status == 200 and response.headers["Content-Type"] == "text/css"
        assert response.headers.get_all("Cache-Control") == ["public, max-age=86400"]
        assert response.headers["Content-Encoding"] == "gzip"  # the .gz collectstatic wrote, sent as is
    assert site.app_log.read_text().count("/static/") == before  # the app never saw it
    with _request(site.url + "/media/m/probe.webp") as response:
        assert response.headers["Content-Type"] == "image/webp"
        assert response.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]


def test_api_calls_and_the_client_address_rules(site):
    china = "202.96.128.86"  # a Guangdong address in the ip2region data
    signup = {"username": "nginx_reader", "password": "correct-horse-battery-9"}
    # Through nginx a client cannot claim an address: nginx replaces X-Forwarded-For.
    with _request(site.url + "/api/v1/auth/signup", signup, {"X-Forwarded-For": china}) as response:
        assert response.status == 201
        token = json.loads(response.read())["token"]
    with _request(site.url + "/api/v1/users/nginx_reader", headers={"Authorization": f"Bearer {token}"}) as response:
        assert json.loads(response.read())["ip_region_code"] in (None, "")
    # What a trusted proxy (127.0.0.1, VERMILION_TRUSTED_PROXIES) forwards is believed.
    direct = {"username": "proxied_reader", "password": "correct-horse-battery-9"}
    with _request(site.app_url + "/api/v1/auth/signup", direct, {"X-Forwarded-For": china}) as response:
        assert response.status == 201
    with _request(site.url + "/api/v1/users/proxied_reader") as response:
        assert json.loads(response.read())["ip_region_code"] == "CN-GD"


def test_websocket_upgrade_through_nginx(site):
    from websockets.sync.client import connect

    with _request(site.url + "/api/v1/auth/signup", {"username": "ws_reader", "password": "correct-horse-battery-9"}) as r:
        token = json.loads(r.read())["token"]
    with connect(site.url.replace("http", "ws") + f"/ws?token={token}", open_timeout=20) as socket_:
        hello = json.loads(socket_.recv(timeout=20))
        assert hello["type"] == "hello" and hello["user"] == "ws_reader"
        socket_.send(json.dumps({"type": "ping"}))
        assert json.loads(socket_.recv(timeout=20))["type"] == "pong"
