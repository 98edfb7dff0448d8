"""The timings Vermilion measures (Prometheus histograms) and a context manager to time a block.

They are defined here, below every app, so the feed and search can time themselves; the serving
layer (serving/metrics.py) times requests and answers /metrics.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Histogram

# Buckets around the targets we measure against (100 ms, 300 ms), with room for a bad minute.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "vermilion_http_request_duration_seconds", "Time to answer an HTTP request, by route.",
    ["route", "method", "status"], buckets=LATENCY_BUCKETS,
)
FEED_SECONDS = Histogram(
    "vermilion_feed_page_seconds", "Time to build one feed page.", ["feed"], buckets=LATENCY_BUCKETS,
)
SEARCH_SECONDS = Histogram(
    "vermilion_search_seconds", "Time to answer one search.", ["kind"], buckets=LATENCY_BUCKETS,
)


@contextmanager
def timed(histogram: Histogram, **labels: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        histogram.labels(**labels).observe(time.perf_counter() - started)
