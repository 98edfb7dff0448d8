from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in ("sqlite", "postgresql")
    assert body["cache"]["backend"] in ("LocMemCache", "RedisCache")
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
