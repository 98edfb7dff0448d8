"""GET /metrics: Prometheus text with request, feed and search timings and the task queue."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample line, or 0 when it is absent."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_requests_feeds_and_searches_are_timed_by_route(client):
    before = client.get("/metrics").content.decode()
    assert client.get("/api/v1/feed/discover").status_code == 200
    assert client.get("/api/v1/search/notes", {"q": "猫"}).status_code == 200
    assert client.get("/api/v1/notes/123456").status_code == 404
    after = client.get("/metrics")
    assert after.status_code == 200
    assert after["Content-Type"].startswith("text/plain")
    text = after.content.decode()
    count = "vermilion_http_request_duration_seconds_count"
    assert _sample(text, count, route="/api/v1/feed/discover", method="GET", status="2xx") \
        == _sample(before, count, route="/api/v1/feed/discover", method="GET", status="2xx") + 1
    # A route is the URL pattern: the note's id is not a label value.
    assert "123456" not in text
    assert _sample(text, count, status="4xx") >= 1
    assert _sample(text, "vermilion_feed_page_seconds_count", feed="discover") \
        == _sample(before, "vermilion_feed_page_seconds_count", feed="discover") + 1
    assert _sample(text, "vermilion_search_seconds_count", kind="notes") \
        == _sample(before, "vermilion_search_seconds_count", kind="notes") + 1


def test_metrics_are_refused_through_a_proxy_or_from_elsewhere(client):
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 403


@override_settings(VERMILION_METRICS_TOKEN="s3cret-token")
def test_a_configured_token_is_required(client):
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token", REMOTE_ADDR="203.0.113.9")
    assert ok.status_code == 200


def test_task_queue_depth_and_lag_from_the_database_queue(client, database_task_queue):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    waiting = database_task_queue()
    waiting.__class__.objects.filter(pk=waiting.pk).update(enqueued_at=now - timedelta(seconds=42))
    database_task_queue(run_after=now + timedelta(hours=1))  # not due yet: no lag
    database_task_queue(status="RUNNING")
    slow = database_task_queue(queue_name="slow")
    waiting.__class__.objects.filter(pk=slow.pk).update(enqueued_at=now - timedelta(seconds=500))
    text = client.get("/metrics").content.decode()
    assert _sample(text, "vermilion_task_queue_depth", queue="default", state="queued") == 1
    assert _sample(text, "vermilion_task_queue_depth", queue="default", state="running") == 1
    assert 42 <= _sample(text, "vermilion_task_queue_lag_seconds", queue="default") < 60
    assert _sample(text, "vermilion_task_queue_lag_seconds", queue="slow") >= 500
    health = client.get("/healthz").json()["tasks"]
    assert health["queued"] == 2 and health["lag_seconds"] >= 500
    assert health["queues"]["default"]["queued"] == 1 and 42 <= health["queues"]["default"]["lag_seconds"] < 60
