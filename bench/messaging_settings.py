"""Settings for bench_messaging's server: the embedded default, with the channel layer it is told to use."""

from __future__ import annotations

import os

from bench.settings import *  # noqa: F403
from bench.settings import VERMILION_RATE_LIMITS

_redis = os.environ.get("VERMILION_BENCH_CHANNEL_REDIS")
if _redis:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                                  "CONFIG": {"hosts": [_redis], "prefix": f"vermilion-bench-{os.getpid()}"}}}
# The benchmark sends far faster than a person; the limits for people are not what is measured.
VERMILION_RATE_LIMITS = {**VERMILION_RATE_LIMITS, "message": (10**9, 60), "ws_connect": (10**9, 60)}
# Quiet, but errors still reach stderr (the benchmark's log).
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
