from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


def test_healthz_reports_each_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in ("sqlite", "postgresql")
    assert body["cache"]["backend"] in ("LocMemCache", "SharedClientRedisCache")
    assert body["tasks"]["backend"] == "ImmediateBackend"


def test_healthz_is_503_when_a_service_fails(client, monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.cache.backends.redis import RedisCache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(LocMemCache, "set", broken)
    monkeypatch.setattr(RedisCache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["cache"] == {"status": "error", "error": "ConnectionError"}
    assert response.json()["database"]["status"] == "ok"


def test_openapi_and_docs_are_served(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/notes" in schema.json()["paths"]
    assert client.get("/api/docs").status_code == 200


def _unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def dead_timelines(settings):
    from vermilion.feed import timeline

    settings.VERMILION_TIMELINE_REDIS_URL = f"redis://127.0.0.1:{_unused_port()}/0"
    timeline._client.cache_clear()
    yield
    timeline._client.cache_clear()


def test_healthz_reports_redis_uses_and_media(client):
    body = client.get("/healthz").json()
    assert body["channels"]["status"] == body["timelines"]["status"] == body["media"]["status"] == "ok"
    assert body["media"]["backend"] == "FileSystemStorage"


def test_healthz_is_degraded_not_down_when_optional_services_fail(client, settings, dead_timelines, tmp_path):
    port = _unused_port()
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                                           "CONFIG": {"hosts": [f"redis://127.0.0.1:{port}/0"]}}}
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = str(blocked / "media")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["timelines"] == {"status": "degraded", "error": "ConnectionError"}
    assert body["channels"] == {"status": "degraded", "error": "ConnectionError"}
    assert body["media"] == {"status": "degraded", "error": "OSError"}
    assert body["database"]["status"] == "ok"
