"""/metrics and request timing: latency by route, and the task queue read at scrape time.

Several web processes each keep their own counts; with PROMETHEUS_MULTIPROC_DIR set (`vermilion
serve` sets it when it starts more than one process) prometheus_client writes them to files there
and a scrape of any process adds them all up. The task queue is read from the database at scrape
time, so it is right whichever process answers.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from vermilion.kit.metrics import REQUEST_SECONDS

from .taskqueue import queue_state


def _route(request: HttpRequest) -> str:
    # The URL pattern, not the path: /api/v1/notes/123 and /api/v1/notes/456 are one route, and a
    # scanner's random paths must not each become a new time series.
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return "/" + str(match.route or match.view_name or "unmatched")


class MetricsMiddleware:
    """Times every request; outermost, so the time includes the other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if request.path != "/metrics":
            status = f"{response.status_code // 100}xx"
            REQUEST_SECONDS.labels(route=_route(request), method=request.method or "", status=status).observe(
                time.perf_counter() - started)
        return response


class TaskQueueCollector(Collector):
    """The task queue, read when scraped (serving/taskqueue.py)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        state = queue_state()
        if state is None:
            return
        depth = GaugeMetricFamily("vermilion_task_queue_depth", "Tasks due and waiting, and running.",
                                  labels=["queue", "state"])
        lag = GaugeMetricFamily("vermilion_task_queue_lag_seconds", "How long the longest-waiting due task has waited.",
                                labels=["queue"])
        for name, queue in sorted(state["queues"].items()):
            depth.add_metric([name, "queued"], queue["queued"])
            depth.add_metric([name, "running"], queue["running"])
            lag.add_metric([name], queue["lag_seconds"])
        yield depth
        yield lag


def _registry() -> Any:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Forward(REGISTRY))
    registry.register(TaskQueueCollector())
    return registry


class _Forward(Collector):
    """This process's own metrics (the default registry) inside a per-scrape registry."""

    def __init__(self, source: Any) -> None:
        self.source = source

    def collect(self) -> Iterator[Any]:
        yield from self.source.collect()


def _allowed(request: HttpRequest) -> bool:
    """A bearer token when one is configured; otherwise only a direct client on this machine (a
    request relayed by a proxy carries X-Forwarded-For and is refused)."""
    token = getattr(settings, "VERMILION_METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return secrets.compare_digest(given.encode(), token.encode())
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
